// The history: every saved version (free, unlimited; synced with the workspace when connected), newest first, with its message, author,
// node count and whether it is the published one; compare any two (or the draft with one) field by
// field and on the canvas; restore one (as a new version); publish one.
import { useState } from "react";
import { messageOf } from "../../../api";
import { EmptyState, ErrorNotice, Loading } from "../../../components/Feedback";
import { useToast } from "../../../components/Toasts";
import { formatWhen } from "../../../format";
import { useDataChanged } from "../../../state/useDataChanged";
import { useLoad } from "../../../state/useLoad";
import * as api from "../api";
import type { DiffMark } from "../canvas/flow";
import type { WorkflowDiff } from "../contract";
import type { EditorSession, Session } from "../session/useEditorSession";
import { fromDocument, toDocument } from "../store/doc";
import { DiffView } from "./DiffView";

const DRAFT = "draft";

interface Props {
  org: string;
  id: string;
  session: Session;
  editor: EditorSession;
  onShowDiff: (marks: ReadonlyMap<string, DiffMark> | undefined) => void;
}

export function VersionsPanel({ org, id, session, editor, onShowDiff }: Props) {
  const toast = useToast();
  const versions = useLoad(() => api.listVersions(org, id), [org, id]);
  useDataChanged(["workflow"], (c) => c.some((x) => x.id === id) && void versions.load(), org);
  const [fromChoice, setFrom] = useState<string>("");
  const [to, setTo] = useState<string>(DRAFT);
  const [diff, setDiff] = useState<{ diff: WorkflowDiff; from: string; to: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const compare = async () => {
    const from = fromChoice || String(versions.data?.[0]?.version ?? "");
    if (!from || !to) return;
    setBusy("compare");
    try {
      const draftDoc = toDocument(session.store.getState().doc);
      const docOf = async (v: string) => (v === DRAFT ? draftDoc : (await api.getVersion(org, id, Number(v))).document);
      const result = from !== DRAFT && to !== DRAFT ? await api.diffVersions(org, id, Number(from), Number(to)) : await api.diffDocuments(await docOf(from), await docOf(to));
      const label = (v: string) => (v === DRAFT ? "the draft" : `version ${v}`);
      setDiff({ diff: result, from: label(from), to: label(to) });
      const marks = new Map<string, DiffMark>();
      for (const n of result.nodes) marks.set(n.id, n.change);
      for (const e of result.edges) marks.set(e.id, e.change);
      onShowDiff(to === DRAFT ? marks : undefined);
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const restore = async (version: number) => {
    setBusy(`restore-${version}`);
    try {
      const latest = (versions.data?.[0]?.version ?? version) + 1;
      editor.expectVersion(latest);
      const saved = await api.restoreVersion(org, id, version);
      editor.expectVersion(saved.version);
      const restored = await api.getVersion(org, id, saved.version);
      session.store.load(fromDocument(restored.document));
      session.store.setState((s) => ({ baseVersion: saved.version, metaRevision: s.metaRevision + 1 }));
      toast("success", `Version ${version} restored as version ${saved.version}`);
      await versions.load();
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const publish = async (version: number) => {
    setBusy(`publish-${version}`);
    try {
      editor.setWorkflow(await api.publishVersion(org, id, version));
      toast("success", `Published version ${version}`);
      await versions.load();
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  if (versions.error) return <ErrorNotice message={versions.error} onRetry={() => void versions.load()} />;
  if (!versions.data) return <Loading label="Reading versions…" />;
  if (versions.data.length === 0) return <EmptyState icon="workflows" title="No versions yet" />;
  const list = versions.data;
  const choice = (value: string, set: (v: string) => void, label: string) => (
    <label className="field-inline">
      <span>{label}</span>
      <select aria-label={`Compare ${label.toLowerCase()}`} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">Choose…</option>
        <option value={DRAFT}>Draft (unsaved work)</option>
        {list.map((v) => (
          <option key={v.version} value={String(v.version)}>
            Version {v.version}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="versions-panel">
      <div className="compare-row">
        {choice(fromChoice || String(list[0]!.version), setFrom, "From")}
        {choice(to, setTo, "To")}
        <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void compare()}>
          {busy === "compare" ? "Comparing…" : "Compare"}
        </button>
      </div>
      {diff && <DiffView diff={diff.diff} from={diff.from} to={diff.to} onClose={() => (setDiff(null), onShowDiff(undefined))} />}
      <ol className="versions" aria-label="Versions">
        {list.map((v) => (
          <li key={v.version} className="version">
            <div>
              <strong>Version {v.version}</strong> {v.published && <span className="badge badge-green">Published</span>}
              {v.version === session.store.getState().baseVersion && <span className="badge">Draft based on this</span>}
            </div>
            <div className="muted">
              {formatWhen(v.createdAt)} · {v.nodeCount} {v.nodeCount === 1 ? "node" : "nodes"}
            </div>
            {v.message && <div className="version-message">{v.message}</div>}
            <div className="button-row">
              <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void restore(v.version)} aria-label={`Restore version ${v.version}`}>
                Restore
              </button>
              {!v.published && (
                <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void publish(v.version)} aria-label={`Publish version ${v.version}`}>
                  Publish
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
