// What the dashboard reads: the organization's figures (workflows, today's runs and failures, this
// month's AI spend), computed by the app in one query.
import { call } from "../../api";
import { commands } from "../../bindings";

export const orgStats = (org: string) => call(commands.orgStats(org));
