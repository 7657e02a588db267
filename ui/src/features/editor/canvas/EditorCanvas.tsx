// The editing canvas. React Flow draws what the store holds (through flow.ts, identities kept) and
// reports gestures back: a drag moves nodes in a preview and commits one edit on drop; selection
// (click, Ctrl-click, Shift-drag box) goes to the store's selection, never to history; connections
// are checked while dragging (ConnectionHint says why one is refused) and a connection dropped on
// empty canvas opens the palette to add and connect a node there.
import { FIT } from "./fit";
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge as FlowEdge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnConnectEnd,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useCallback, useMemo, useRef, type DragEvent, type MouseEvent as ReactMouseEvent } from "react";
import { checkConnection } from "../rules";
import { connect, moveNodes } from "../store/commands";
import { useEditor, useEditorStore } from "../store/context";
import type { XY } from "../store/doc";
import { ConnectionHint } from "./ConnectionHint";
import { ZoomLevel } from "./ZoomLevel";
import { edgeDeriver, nodeDeriver, type DiffMark, type EdFlowNode } from "./flow";
import { nodeTypes } from "./EditorNode";

const FIT_NOW = { ...FIT, duration: 0 };
// Props that never change, made once: the canvas re-renders on every step of a drag, and a new
// object each time would make React Flow and its minimap re-render too.
const PRO_OPTIONS = { hideAttribution: true };
const MINIMAP_STYLE = { width: 170, height: 110 };

export const PALETTE_MIME = "application/x-neuroflow-palette";

export interface CanvasMenu {
  screen: XY;
  flow: XY;
  node?: string;
  edge?: string;
}

interface Props {
  onOpenPalette: (at: { screen: XY; flow: XY }, from?: { node: string; handle: string | null }) => void;
  onMenu: (menu: CanvasMenu) => void;
  onDropItem: (key: string, at: XY) => void;
  onDropFiles: (files: File[]) => void;
  onOpenNode: (id: string) => void;
  onRefused: (reason: string) => void;
  diff?: ReadonlyMap<string, DiffMark>;
  /** Draw only what is on screen (measured by bench-ui before turning it on). */
  visibleOnly?: boolean;
}

const KIND_COLOR: Record<string, string> = {
  trigger: "#f59e0b",
  condition: "#10b981",
  aiAgent: "#8b5cf6",
  agentTeam: "#8b5cf6",
  integration: "#0ea5e9",
  delay: "#64748b",
  note: "#facc15",
};
const nodeColor = (n: EdFlowNode) => KIND_COLOR[n.data.node.type] ?? "#4f46e5";

export const EditorCanvas = memo(Canvas);

function Canvas(props: Props) {
  const { diff, visibleOnly = false } = props;
  const store = useEditorStore();
  const flow = useReactFlow();
  // React Flow gets handlers that never change (a new one would re-render every node); they call
  // the latest props through this ref.
  const latest = useRef(props);
  latest.current = props;
  const container = useRef<HTMLDivElement>(null);
  const docNodes = useEditor((s) => s.doc.nodes);
  const docEdges = useEditor((s) => s.doc.edges);
  const selection = useEditor((s) => s.selection);
  const drag = useEditor((s) => s.drag);
  const sizes = useEditor((s) => s.sizes);
  const report = useEditor((s) => s.report);
  const runStates = useEditor((s) => s.run.nodes);
  const pins = useEditor((s) => s.pins);
  const deriveNodes = useRef(nodeDeriver()).current;
  const deriveEdges = useRef(edgeDeriver()).current;

  const issues = useMemo(() => {
    const byNode = new Map<string, string>();
    const byEdge = new Map<string, string>();
    for (const i of report?.errors ?? []) {
      const line = `${i.field}: ${i.message}`;
      if (i.nodeId) byNode.set(i.nodeId, byNode.has(i.nodeId) ? `${byNode.get(i.nodeId)}\n${line}` : line);
      if (i.edgeId) byEdge.set(i.edgeId, byEdge.has(i.edgeId) ? `${byEdge.get(i.edgeId)}\n${line}` : line);
    }
    return { byNode, byEdge };
  }, [report]);
  const selectedNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const nodes = useMemo(
    () => deriveNodes(docNodes, { selected: selectedNodes, drag, sizes, issues: issues.byNode, runStates, pins, ...(diff ? { diff } : {}) }),
    [deriveNodes, docNodes, selectedNodes, drag, sizes, issues, runStates, pins, diff],
  );
  const edges = useMemo(() => deriveEdges(docEdges, selectedEdges, issues.byEdge, diff), [deriveEdges, docEdges, selectedEdges, issues, diff]);

  const onNodesChange = useCallback(
    (changes: NodeChange<EdFlowNode>[]) => {
      const s = store.getState();
      let drag = s.drag;
      let sizes = s.sizes;
      let selected: Set<string> | null = null;
      const dropped: Record<string, XY> = {};
      for (const c of changes) {
        if (c.type === "position") {
          if (c.dragging && c.position) drag = { ...(drag ?? {}), [c.id]: c.position };
          else if (c.dragging === false) {
            const p = c.position ?? drag?.[c.id];
            if (p) dropped[c.id] = p;
          }
        } else if (c.type === "dimensions" && c.dimensions) {
          const old = sizes[c.id];
          if (!old || old.width !== c.dimensions.width || old.height !== c.dimensions.height) sizes = { ...sizes, [c.id]: c.dimensions };
        } else if (c.type === "select") {
          selected ??= new Set(s.selection.nodes);
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
      }
      if (Object.keys(dropped).length > 0) {
        const all = { ...(drag ?? {}), ...dropped };
        store.setState({ drag: null });
        moveNodes(store, all, Object.keys(all).length > 1 ? `Move ${Object.keys(all).length} nodes` : "Move node");
        drag = null;
      }
      const patch: Partial<ReturnType<typeof store.getState>> = {};
      if (drag !== s.drag && drag !== null) patch.drag = drag;
      if (sizes !== s.sizes) patch.sizes = sizes;
      if (selected) patch.selection = { ...store.getState().selection, nodes: [...selected] };
      if (Object.keys(patch).length > 0) store.setState(patch);
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      let selected: Set<string> | null = null;
      for (const c of changes) {
        if (c.type !== "select") continue;
        selected ??= new Set(store.getState().selection.edges);
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
      if (selected) store.select({ edges: [...selected] });
    },
    [store],
  );

  const isValidConnection = useCallback(
    (c: Connection | FlowEdge) => checkConnection(store.getState().doc, { source: c.source, sourceHandle: c.sourceHandle ?? null, target: c.target }).ok,
    [store],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      const refused = connect(store, { source: c.source, sourceHandle: c.sourceHandle ?? null, target: c.target });
      if (refused) latest.current.onRefused(refused);
    },
    [store],
  );
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state: FinalConnectionState) => {
      if (state.isValid || state.toNode || !state.fromNode || state.fromHandle?.type !== "source") return;
      const point = "changedTouches" in event ? event.changedTouches[0]! : event;
      const screen = { x: point.clientX, y: point.clientY };
      latest.current.onOpenPalette({ screen, flow: flow.screenToFlowPosition(screen) }, { node: state.fromNode.id, handle: state.fromHandle.id ?? null });
    },
    [flow],
  );

  const menuAt = useCallback(
    (e: ReactMouseEvent | MouseEvent, extra: { node?: string; edge?: string }) => {
      e.preventDefault();
      const screen = { x: e.clientX, y: e.clientY };
      latest.current.onMenu({ screen, flow: flow.screenToFlowPosition(screen), ...extra });
    },
    [flow],
  );
  const onNodeDoubleClick = useCallback((_: ReactMouseEvent, n: EdFlowNode) => latest.current.onOpenNode(n.id), []);
  const onNodeContextMenu = useCallback((e: ReactMouseEvent, n: EdFlowNode) => menuAt(e, { node: n.id }), [menuAt]);
  const onEdgeContextMenu = useCallback((e: ReactMouseEvent, ed: FlowEdge) => menuAt(e, { edge: ed.id }), [menuAt]);
  const onPaneContextMenu = useCallback((e: ReactMouseEvent | MouseEvent) => menuAt(e, {}), [menuAt]);

  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME) || e.dataTransfer.types.includes("Files")) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    }
  };
  const onDrop = (e: DragEvent) => {
    const key = e.dataTransfer.getData(PALETTE_MIME);
    const files = [...e.dataTransfer.files];
    if (!key && files.length === 0) return;
    e.preventDefault();
    if (key) latest.current.onDropItem(key, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    else latest.current.onDropFiles(files);
  };

  return (
    <div
      ref={container}
      className="canvas ed-canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
      tabIndex={0}
      role="application"
      aria-roledescription="workflow canvas"
      aria-label="Workflow canvas. Arrow keys move between nodes, slash adds a node, C connects, Enter opens settings, question mark lists every shortcut."
      data-testid="editor-canvas"
      onMouseDown={(e) => {
        // Keys go to the canvas after a click on it (React Flow's pane takes no focus itself).
        if (!(e.target as HTMLElement).closest("input, textarea, select, button, .cm-editor")) (e.currentTarget as HTMLElement).focus({ preventScroll: true });
      }}
    >
      <ReactFlow<EdFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onPaneContextMenu={onPaneContextMenu}
        onSelectionContextMenu={onPaneContextMenu}
        deleteKeyCode={null}
        disableKeyboardA11y
        onlyRenderVisibleElements={visibleOnly}
        elevateNodesOnSelect={false}
        fitView
        fitViewOptions={FIT_NOW}
        minZoom={0.05}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
        aria-label="Workflow canvas"
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap<EdFlowNode> pannable zoomable nodeColor={nodeColor} nodeStrokeWidth={0} style={MINIMAP_STYLE} nodeBorderRadius={0} ariaLabel="Minimap" />
        <ConnectionHint />
        <ZoomLevel canvas={container} />
      </ReactFlow>
    </div>
  );
}
