// "Connect to…": connecting by keyboard. A listbox of the nodes the selected one may connect to
// (the same rules as dragging), with the output handle to use for conditions and error branches.
import { useState } from "react";
import { Modal } from "../../components/Modal";
import { checkConnection } from "./rules";
import { connect } from "./store/commands";
import { useEditorStore } from "./store/context";
import { labelOf, outputHandles } from "./store/doc";

export function ConnectDialog({ from, onClose, onDone }: { from: string; onClose: () => void; onDone: (message: string) => void }) {
  const store = useEditorStore();
  const doc = store.getState().doc;
  const source = doc.nodes.find((n) => n.id === from);
  const handles = source ? outputHandles(source) : [];
  const [handle, setHandle] = useState(handles[0] ?? "");
  if (!source) return null;
  const targets = doc.nodes.filter((n) => n.id !== from).map((n) => ({ n, verdict: checkConnection(doc, { source: from, sourceHandle: handle || null, target: n.id }) }));
  const pick = (target: string) => {
    const refused = connect(store, { source: from, sourceHandle: handle || null, target });
    onDone(refused ?? `Connected ${labelOf(source)} to ${labelOf(doc.nodes.find((n) => n.id === target)!)}`);
    onClose();
  };
  return (
    <Modal title={`Connect ${labelOf(source)} to…`} onClose={onClose}>
      {handles.length > 1 && (
        <label className="field-inline">
          <span>From its output</span>
          <select aria-label="Output to connect from" value={handle} onChange={(e) => setHandle(e.target.value)}>
            {handles.map((h) => (
              <option key={h} value={h}>
                {h || "main"}
              </option>
            ))}
          </select>
        </label>
      )}
      <ul className="connect-list" role="listbox" aria-label="Nodes to connect to">
        {targets.map(({ n, verdict }) => (
          <li key={n.id} role="presentation">
            <button type="button" role="option" aria-selected="false" className="connect-option" disabled={!verdict.ok} onClick={() => pick(n.id)} title={verdict.ok ? undefined : verdict.reason}>
              <strong>{labelOf(n)}</strong>
              <span className="muted">{verdict.ok ? n.type : verdict.reason}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
