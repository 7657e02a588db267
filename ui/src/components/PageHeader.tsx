// The top of every page: its title, a line under it, the page's own buttons on the right, and on a
// page inside a list (one workflow, one run, one agent, one team) the way back to that list.
import type { ReactNode } from "react";
import { Icon } from "./icons";

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  /** The page's buttons, on the right. */
  actions?: ReactNode;
  /** The list this page is one item of: its address and the back link's accessible name. */
  back?: { href: string; label: string };
  /** Shown between the back link and the title (an agent's avatar). */
  lead?: ReactNode;
  /** More lines under the subtitle. */
  children?: ReactNode;
}

export function PageHeader({ title, subtitle, actions, back, lead, children }: Props) {
  const titles = (
    <div>
      <h1>{title}</h1>
      {subtitle && <p className="subtitle">{subtitle}</p>}
      {children}
    </div>
  );
  return (
    <header className="page-header">
      {back ? (
        <div className="title-with-back">
          <a href={back.href} className="icon-button" aria-label={back.label}>
            <Icon name="back" />
          </a>
          {lead}
          {titles}
        </div>
      ) : (
        titles
      )}
      {actions}
    </header>
  );
}
