// One step of a run's record that opens in place (a workflow node's step, a team run): its status and
// a line about it on a button that says whether it is open, and its details under it when it is.
import type { ReactNode } from "react";
import { StatusBadge } from "./StatusBadge";

interface Props {
  status: string;
  open: boolean;
  toggle: () => void;
  /** The rest of the folded line, after the status. */
  head: ReactNode;
  /** More classes for the opened part. */
  bodyClassName?: string;
  children: ReactNode;
}

export function StepItem({ status, open, toggle, head, bodyClassName, children }: Props) {
  return (
    <li className={`step step-${status.toLowerCase()}`}>
      <button type="button" className="step-head" aria-expanded={open} onClick={toggle}>
        <StatusBadge status={status} />
        {head}
      </button>
      {open && <div className={bodyClassName ? `step-body ${bodyClassName}` : "step-body"}>{children}</div>}
    </li>
  );
}
