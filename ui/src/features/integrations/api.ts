// The integration commands: the records (name, provider, settings, status) live in the store, their
// secrets in the vault; a secret goes in with create or update and never comes back out.
import { call } from "../../api";
import { commands, type IntegrationPatch_Deserialize, type NewIntegration_Deserialize } from "../../bindings";

export const listIntegrations = async (org: string) =>
  (await call(commands.listIntegrations(org, { search: null, provider: null, status: null, isActive: null, page: { limit: 200, offset: 0 } }))).items;
/** Creates one; `secret`, when given, goes to the vault. */
export const createIntegration = (org: string, integration: NewIntegration_Deserialize, secret: string | null) => call(commands.createIntegration(org, integration, secret));
/** Changes one; `secret`, when given, replaces the saved one (null keeps it). */
export const updateIntegration = (org: string, id: string, patch: IntegrationPatch_Deserialize, secret: string | null) => call(commands.updateIntegration(org, id, patch, secret));
export const setIntegrationActive = (org: string, id: string, isActive: boolean) => updateIntegration(org, id, { name: null, config: null, isActive }, null);
/** Deletes its secret first; if the vault refuses, nothing is deleted. */
export const deleteIntegration = (org: string, id: string) => call(commands.deleteIntegration(org, id));
export const testIntegration = (org: string, id: string) => call(commands.testIntegration(org, id));

/** Opens Google's consent page in the browser; answers its address, to copy if none opened. */
export const beginSignIn = (org: string, id: string) => call(commands.beginSignIn(org, id, true));
/** Waits for the browser to come back, then tests the connection. */
export const finishSignIn = (org: string, id: string) => call(commands.finishSignIn(org, id));
export const cancelSignIn = (id: string) => call(commands.cancelSignIn(id));
