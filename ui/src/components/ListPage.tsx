// A page that is a list of one kind of thing (workflows, runs, agents, teams, integrations): the
// header with the page's buttons, a toolbar or notice above the list, the list in its loading, failed
// and empty states, and the dialogs the page opens. Each list page says only what is its own.
import type { ReactNode } from "react";
import { PageHeader } from "./PageHeader";
import { ResourceState, type ResourceStateProps } from "./ResourceState";

interface Props<T> extends ResourceStateProps<T> {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** Between the header and the list: search and filters, or a notice. */
  above?: ReactNode;
  /** After the list: the dialogs the page opens. */
  dialogs?: ReactNode;
}

export function ListPage<T>({ title, subtitle, actions, above, dialogs, ...resource }: Props<T>) {
  return (
    <div className="page">
      <PageHeader title={title} subtitle={subtitle} actions={actions} />
      {above}
      <ResourceState {...resource} />
      {dialogs}
    </div>
  );
}
