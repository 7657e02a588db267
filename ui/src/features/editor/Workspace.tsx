// The editor's workspace: header (status, undo/redo, versions, publish, run), toolbar, the canvas,
// and the side panel (the selected node's settings, the run, versions, problems, the workflow's
// own settings); plus the palette, the context menu, the shortcuts sheet and "Connect to…". It owns
// only which of these is open; the document lives in the store.
import { FIT } from "./canvas/fit";
import { useReactFlow } from "@xyflow/react";
import { useCallback, useMemo, useRef, useState } from "react";
import { messageOf } from "../../api";
import { useToast } from "../../components/Toasts";
import { importWorkflowText } from "../workflows/api";
import { navigate } from "../../router";
import { addFromPalette, nextPlace, tidyUp } from "./actions";
import { EditorCanvas, type CanvasMenu } from "./canvas/EditorCanvas";
import type { DiffMark } from "./canvas/flow";
import { CanvasToolbar } from "./CanvasToolbar";
import { paletteItems, type PaletteItem } from "./catalog";
import { ConnectDialog } from "./ConnectDialog";
import { ContextMenu } from "./ContextMenu";
import { EditorHeader } from "./EditorHeader";
import { menuItems } from "./menuItems";
import { Palette } from "./palette/Palette";
import { RunDialog } from "./run/RunDialog";
import { useRunner } from "./run/useRunner";
import type { EditorSession, Session } from "./session/useEditorSession";
import { ShortcutsSheet } from "./ShortcutsSheet";
import { SidePanel, type Tab } from "./SidePanel";
import { useEditor } from "./store/context";
import { labelOf, type XY } from "./store/doc";
import { useEditorKeys } from "./useEditorKeys";
import { SaveVersionDialog } from "./versions/SaveVersionDialog";

interface PaletteState {
  screen?: XY;
  flow?: XY;
  from?: { node: string; handle: string | null };
}

export function Workspace({ org, id, editor, session }: { org: string; id: string; editor: EditorSession; session: Session }) {
  const { store, catalog } = session;
  const toast = useToast();
  const flow = useReactFlow();
  const root = useRef<HTMLDivElement>(null);
  const items = useMemo(() => paletteItems(catalog), [catalog]);
  const [palette, setPalette] = useState<PaletteState | null>(null);
  const [menu, setMenu] = useState<CanvasMenu | null>(null);
  const [sheet, setSheet] = useState(false);
  const [connectFrom, setConnectFrom] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("node");
  const [panelOpen, setPanelOpen] = useState(true);
  const [askVersion, setAskVersion] = useState(false);
  const [askRun, setAskRun] = useState(false);
  const [diff, setDiff] = useState<ReadonlyMap<string, DiffMark> | undefined>(undefined);
  const announcement = useEditor((s) => s.announcement);
  const runner = useRunner(org, id, store);

  const refuse = useCallback((reason: string) => toast("error", reason), [toast]);
  const openNode = useCallback((nodeId: string) => {
    store.select({ nodes: [nodeId], edges: [] });
    setTab("node");
    setPanelOpen(true);
    focusPanelOf(nodeId);
  }, [store]);
  const openPalette = useCallback(() => {
    const sel = store.getState().selection.nodes[0];
    const node = store.getState().doc.nodes.find((n) => n.id === sel);
    // At the selection: beside the selected node, and what is picked is connected after it.
    setPalette(node ? { from: { node: node.id, handle: null }, screen: flow.flowToScreenPosition({ x: node.position.x + 240, y: node.position.y }) } : {});
  }, [store, flow]);
  const tidy = useCallback(() => {
    tidyUp(store).then((moved) => moved && void flow.fitView(FIT), (e) => toast("error", messageOf(e)));
  }, [store, flow, toast]);

  const pick = (item: PaletteItem) => {
    const p = palette ?? {};
    const at = p.flow ?? (p.from ? nextPlace(store) : nextPlace(store));
    const from = p.from && store.getState().doc.nodes.some((n) => n.id === p.from!.node) ? p.from : undefined;
    const fromNode = from ? store.getState().doc.nodes.find((n) => n.id === from.node) : undefined;
    const handle = fromNode?.type === "condition" && !from?.handle ? "true" : (from?.handle ?? null);
    const newId = addFromPalette(store, catalog, item.key, at, from ? { node: from.node, handle } : undefined);
    setPalette(null);
    reveal(newId);
    openNode(newId);
  };

  // A node added off screen is brought into view (at the current zoom).
  const reveal = (nodeId: string) => {
    const n = store.getState().doc.nodes.find((x) => x.id === nodeId);
    const box = root.current?.querySelector("[data-testid='editor-canvas']")?.getBoundingClientRect();
    if (!n || !box) return;
    const p = flow.flowToScreenPosition(n.position);
    const inside = p.x > box.left + 20 && p.x < box.right - 240 && p.y > box.top + 20 && p.y < box.bottom - 90;
    if (!inside) void flow.setCenter(n.position.x + 110, n.position.y + 36, { zoom: flow.getZoom(), duration: 200 });
  };

  const onKeyDown = useEditorKeys(store, root, {
    openPalette,
    openNode,
    connect: setConnectFrom,
    run: () => {
      setTab("run");
      setPanelOpen(true);
      void runner.run();
    },
    saveVersion: () => setAskVersion(true),
    tidy,
    help: () => setSheet(true),
    escape: (fromField) => {
      if (fromField) root.current?.querySelector<HTMLElement>("[data-testid='editor-canvas']")?.focus();
      else if (palette || menu) {
        setPalette(null);
        setMenu(null);
      } else store.select({ nodes: [], edges: [] });
    },
    refuse,
  });

  const importFiles = async (files: File[]) => {
    for (const file of files) {
      try {
        const saved = await importWorkflowText(org, await file.text());
        toast("success", `Imported “${saved.workflow.name}”`);
        navigate({ page: "workflow", id: saved.workflow.id });
      } catch (e) {
        toast("error", `${file.name}: ${messageOf(e)}`);
      }
    }
  };

  const paletteFrom = palette?.from ? store.getState().doc.nodes.find((n) => n.id === palette.from!.node) : undefined;
  return (
    <div className="page page-canvas editor" ref={root} onKeyDown={onKeyDown}>
      <EditorHeader org={org} id={id} editor={editor} session={session} runner={runner} onSaveVersion={() => setAskVersion(true)} onHelp={() => setSheet(true)} onShowTab={(t) => (setTab(t), setPanelOpen(true))} onAskRun={() => setAskRun(true)} />
      <CanvasToolbar onAdd={openPalette} onTidy={tidy} onConnect={setConnectFrom} panelOpen={panelOpen} onTogglePanel={() => setPanelOpen((o) => !o)} diffShown={diff !== undefined} onHideDiff={() => setDiff(undefined)} />
      <div className={panelOpen ? "editor-body" : "editor-body panel-closed"}>
        <EditorCanvas
          onOpenPalette={(at, from) => setPalette({ screen: at.screen, flow: at.flow, ...(from ? { from } : {}) })}
          onMenu={setMenu}
          onDropItem={(key, at) => {
            setPalette(null);
            openNode(addFromPalette(store, catalog, key, at));
          }}
          onDropFiles={(files) => void importFiles(files)}
          onOpenNode={openNode}
          onRefused={refuse}
          {...(diff ? { diff } : {})}
          visibleOnly={localStorage.getItem("neuroflow.editor.visibleOnly") === "1"}
        />
        {panelOpen && <SidePanel org={org} id={id} tab={tab} onTab={setTab} session={session} editor={editor} runner={runner} onShowDiff={setDiff} onJump={openNode} />}
      </div>
      {palette && <Palette items={items} at={palette.screen} connecting={paletteFrom ? labelOf(paletteFrom) : undefined} onPick={pick} onClose={() => setPalette(null)} />}
      {menu && (
        <ContextMenu
          at={menu.screen}
          label={menu.node ? "Node actions" : menu.edge ? "Connection actions" : "Canvas actions"}
          items={menuItems(store, menu, { openNode, runner, connect: setConnectFrom, addHere: (at) => setPalette({ flow: at, screen: menu.screen }), tidy, refuse })}
          onClose={() => setMenu(null)}
        />
      )}
      {sheet && <ShortcutsSheet onClose={() => setSheet(false)} />}
      {connectFrom && <ConnectDialog from={connectFrom} onClose={() => setConnectFrom(null)} onDone={(m) => store.announce(m)} />}
      {askRun && (
        <RunDialog
          onClose={() => setAskRun(false)}
          onRun={() => {
            setTab("run");
            setPanelOpen(true);
            void runner.run();
          }}
        />
      )}
      {askVersion && <SaveVersionDialog org={org} id={id} editor={editor} session={session} onClose={() => setAskVersion(false)} />}
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}

/** Focuses the first field of `nodeId`'s panel once it has rendered (checked each frame, for up to a
 *  second): a fixed delay raced a busy renderer, and keys typed meanwhile went to the canvas. */
function focusPanelOf(nodeId: string, framesLeft = 60) {
  const panel = document.querySelector(`.node-panel[aria-label="Settings of ${CSS.escape(nodeId)}"]`);
  const field = panel?.querySelector<HTMLElement>("input, select, textarea, .cm-content");
  if (field) field.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusPanelOf(nodeId, framesLeft - 1));
}
