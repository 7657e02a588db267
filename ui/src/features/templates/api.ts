// The template library's commands: search with facets, a template's page, the guided deploy, a
// deployed workflow's checklist, test run and updates, and sharing (publish, import, export, rate).
// File dialogs run in Rust, so the UI never handles a path it chose.
import { call, channelTo } from "../../api";
import { commands, type DeployRequest, type PublishRequest, type RunEvent, type TemplateChoices, type TemplateQuery } from "../../bindings";

/** One search of the library: a page of cards, and the count each filter value would give. */
export const searchTemplates = (org: string, query: TemplateQuery) => call(commands.searchTemplates(org, query));
/** A template with what it needs beside what the organization has, its deployments and rating. */
export const templateDetail = (org: string, id: string) => call(commands.templateDetail(org, id));
/** Deploys a template as an inactive workflow; refused whole, every missing piece named in `details.problems`. */
export const deployTemplate = (org: string, id: string, request: DeployRequest) => call(commands.deployTemplate(org, id, request));
/** A deployed workflow's template, checklist and newer version, or null for a workflow not made from one. */
export const workflowTemplate = (org: string, workflow: string) => call(commands.workflowTemplate(org, workflow));
export const templateUpdate = (org: string, workflow: string) => call(commands.templateUpdate(org, workflow));
export const takeTemplateUpdate = (org: string, workflow: string, extra: TemplateChoices) => call(commands.takeTemplateUpdate(org, workflow, extra));
/** Test-runs a deployed workflow with its template's sample input; resolves with the execution id. */
export const templateTestRun = (org: string, workflow: string, onEvent: (event: RunEvent) => void) =>
  call(commands.templateTestRun(org, workflow, channelTo(onEvent)));
export const publishTemplate = (org: string, workflow: string, request: PublishRequest) => call(commands.publishTemplate(org, workflow, request));
export const importTemplateText = (org: string, text: string) => call(commands.importTemplateText(org, text));
/** Asks for a template file and imports it; null when the person cancels. */
export const importTemplateFile = (org: string) => call(commands.importTemplateFile(org));
/** Asks where to save the template file; the path, or null when the person cancels. */
export const exportTemplateFile = (org: string, id: string) => call(commands.exportTemplateFile(org, id));
export const rateTemplate = (org: string, id: string, stars: number) => call(commands.rateTemplate(org, id, stars));
export const deleteTemplate = (org: string, id: string) => call(commands.deleteTemplate(org, id));
