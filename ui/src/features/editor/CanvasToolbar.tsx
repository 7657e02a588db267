// The bar above the canvas: add a node, connect the selection, tidy up, align and distribute the
// selection, zoom to fit, delete; and whether the side panel is shown.
import { FIT } from "./canvas/fit";
import { useReactFlow } from "@xyflow/react";
import { Icon } from "../../components/icons";
import { alignSelection, deleteSelection, distributeSelection } from "./actions";
import type { Alignment, Distribution } from "./align";
import { useEditor, useEditorStore } from "./store/context";

interface Props {
  onAdd: () => void;
  onTidy: () => void;
  onConnect: (id: string) => void;
  panelOpen: boolean;
  onTogglePanel: () => void;
  diffShown: boolean;
  onHideDiff: () => void;
}

export function CanvasToolbar({ onAdd, onTidy, onConnect, panelOpen, onTogglePanel, diffShown, onHideDiff }: Props) {
  const store = useEditorStore();
  const flow = useReactFlow();
  const selected = useEditor((s) => s.selection.nodes);
  const anything = useEditor((s) => s.selection.nodes.length + s.selection.edges.length > 0);
  const arrange = (value: string) => {
    if (value.startsWith("distribute-")) distributeSelection(store, value.slice(11) as Distribution);
    else if (value) alignSelection(store, value as Alignment);
  };
  return (
    <div className="toolbar editor-toolbar" role="toolbar" aria-label="Canvas tools">
      <button type="button" className="button button-small" onClick={onAdd} title="/ or Ctrl+K">
        <Icon name="plus" /> Add node
      </button>
      <button type="button" className="button button-small" disabled={selected.length !== 1} onClick={() => selected[0] && onConnect(selected[0])} title="C">
        Connect to…
      </button>
      <button type="button" className="button button-small" onClick={onTidy} title="Shift+Alt+T">
        Tidy up
      </button>
      <select aria-label="Align or distribute the selection" value="" disabled={selected.length < 2} onChange={(e) => arrange(e.target.value)}>
        <option value="">Align…</option>
        <option value="left">Align left</option>
        <option value="center">Align center</option>
        <option value="right">Align right</option>
        <option value="top">Align top</option>
        <option value="middle">Align middle</option>
        <option value="bottom">Align bottom</option>
        <option value="distribute-horizontal" disabled={selected.length < 3}>
          Distribute horizontally
        </option>
        <option value="distribute-vertical" disabled={selected.length < 3}>
          Distribute vertically
        </option>
      </select>
      <button type="button" className="button button-small" onClick={() => void flow.fitView(FIT)} title="Shift+1">
        Zoom to fit
      </button>
      <button type="button" className="button button-small" disabled={!anything} onClick={() => deleteSelection(store)} title="Delete">
        <Icon name="trash" /> Delete
      </button>
      {diffShown && (
        <button type="button" className="button button-small" onClick={onHideDiff}>
          Hide comparison
        </button>
      )}
      <span className="toolbar-spacer" />
      <button type="button" className="button button-small" aria-pressed={panelOpen} onClick={onTogglePanel}>
        {panelOpen ? "Hide panel" : "Show panel"}
      </button>
    </div>
  );
}
