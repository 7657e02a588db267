// What the dashboard reads: today's runs, failures and spend (since local midnight), what runs now,
// the latest failures and this week's most expensive workflows, in one command.
import { call } from "../../api";
import { commands } from "../../bindings";

/** Minutes east of UTC, so that "today" is the person's today. */
export const utcOffsetMinutes = () => -new Date().getTimezoneOffset();

export const dashboard = (org: string) => call(commands.dashboard(org, { utcOffsetMinutes: utcOffsetMinutes() }));
