// The organizations on this machine: each one a directory of its own under the data folder.
import { call } from "../../api";
import { commands } from "../../bindings";

export const listOrgs = () => call(commands.listOrgs());
export const createOrg = (name: string) => call(commands.createOrg(name));
export const renameOrg = (org: string, name: string) => call(commands.renameOrg(org, name));
export const deleteOrg = (org: string) => call(commands.deleteOrg(org));
