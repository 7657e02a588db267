// One node both desktops changed: its name and type on each side, whether a side deleted it, its
// fields side by side (the versions panel's field table, columns named by side), and the two
// choices as a pressed/unpressed pair whose names say which node they are for.
import { useId } from "react";
import { Fields } from "../versions/DiffView";
import type { Choice } from "./choices";
import type { NodeComparison } from "./compare";

interface Props {
  node: NodeComparison;
  author: string;
  choice: Choice;
  onChoose: (choice: Choice) => void;
  disabled: boolean;
}

export function NodeCompare({ node, author, choice, onChoose, disabled }: Props) {
  const theirs = author.trim() ? `${author.trim()}'s` : "Theirs";
  const headingId = useId();
  const state = !node.mine ? "deleted here" : !node.theirs ? `deleted by ${author.trim() || "them"}` : node.fields.length === 0 ? "the same on both sides now" : "changed on both sides";
  const badge = !node.mine ? "added" : !node.theirs ? "removed" : "changed";
  const type = (n: NodeComparison["mine"]) => (n ? n.type : "—");
  return (
    <section className={`diff-item diff-${badge}`} aria-labelledby={headingId}>
      <div>
        <strong id={headingId}>{node.label}</strong> <code>{node.id}</code> <span className={`badge diff-badge-${badge}`}>{state}</span>
      </div>
      <div className="muted">
        This draft: {node.mine ? type(node.mine) : "deleted"} · {theirs}: {node.theirs ? type(node.theirs) : "deleted"}
      </div>
      <Fields fields={node.fields} columns={["This draft", theirs]} />
      <div className="range-presets" role="group" aria-label={`Which version of ${node.label}`}>
        <button type="button" className="segment" aria-pressed={choice === "mine"} disabled={disabled} onClick={() => onChoose("mine")} aria-label={`Keep this version of ${node.label}`}>
          Keep this version
        </button>
        <button type="button" className="segment" aria-pressed={choice === "theirs"} disabled={disabled} onClick={() => onChoose("theirs")} aria-label={`Use theirs for ${node.label}`}>
          Use theirs
        </button>
      </div>
    </section>
  );
}
