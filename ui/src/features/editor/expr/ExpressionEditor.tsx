// A template or expression field on CodeMirror 6: `{{ }}` highlighted, completion from what is in
// scope (upstream outputs, the last run's data), the engine's parse errors underlined as you type,
// and a preview of the value against the last run. Its own text undo (Ctrl+Z inside the field)
// never wipes more than the typing; the document's journal records one entry per pause.
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { Annotation, EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderExt } from "@codemirror/view";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { FieldNotes } from "../../../components/Field";
import * as api from "../api";
import { useEditor, useEditorStore } from "../store/context";
import { completionSource } from "./completion";
import { previewContext } from "./context";
import { templateHighlight } from "./language";
import { templateLinter } from "./lint";
import { buildScope } from "./scope";

const External = Annotation.define<boolean>();

interface Props {
  id: string;
  label: string;
  nodeId: string;
  value: string;
  onChange: (value: string) => void;
  /** A bare expression (a condition) rather than a template. */
  expression?: boolean;
  multiline?: boolean;
  placeholder?: string;
  hint?: ReactNode;
  /** The validator's problem with this field. */
  error?: string | null;
}

export function ExpressionEditor({ id, label, nodeId, value, onChange, expression = false, multiline = false, placeholder, hint, error }: Props) {
  const store = useEditorStore();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(onChange);
  latest.current = onChange;
  const [parseError, setParseError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ value: unknown; error: string | null } | null>(null);
  const hasRun = useEditor((s) => s.lastRun !== null);

  useEffect(() => {
    const scope = () => {
      const s = store.getState();
      return buildScope(s.doc, s.catalog, s.lastRun, nodeId, s.sampleInput);
    };
    const extensions = [
      history(),
      keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
      autocompletion({ override: [completionSource(scope, expression)], activateOnTyping: true }),
      templateHighlight,
      templateLinter((text) => api.checkTemplate(text, expression), setParseError),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": label, id, "aria-describedby": `${id}-notes`, "aria-multiline": multiline ? "true" : "false" }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged && !u.transactions.some((t) => t.annotation(External))) latest.current(u.state.doc.toString());
      }),
      ...(placeholder ? [placeholderExt(placeholder)] : []),
      ...(multiline ? [] : [EditorState.transactionFilter.of((tr) => (tr.newDoc.lines > 1 ? [] : tr))]),
    ];
    const v = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions }) });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is built once per field; value changes are synced below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodeId, id, expression, multiline]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value }, annotations: External.of(true) });
  }, [value]);

  useEffect(() => {
    if (!hasRun || !value.trim()) {
      setPreview(null);
      return;
    }
    const timer = window.setTimeout(() => {
      const s = store.getState();
      const template = expression ? `{{ ${value} }}` : value;
      api.renderPreview(template, previewContext(s.doc, s.lastRun, nodeId, s.sampleInput)).then(setPreview, () => setPreview(null));
    }, 400);
    return () => window.clearTimeout(timer);
  }, [value, hasRun, expression, nodeId, store]);

  const shown = parseError ?? error ?? null;
  return (
    <div className="field expr-field" data-field={id}>
      <label htmlFor={id} onClick={() => view.current?.focus()}>
        {label}
      </label>
      <div ref={host} className={`expr-editor${multiline ? " multiline" : ""}${shown ? " invalid" : ""}`} />
      <div id={`${id}-notes`}>
        <FieldNotes id={id} hint={hint} error={shown} />
        {preview && (
          <p className={preview.error ? "expr-preview error" : "expr-preview"} aria-live="polite">
            {preview.error ? `Preview: ${preview.error}` : `Preview (last run): ${JSON.stringify(preview.value)}`}
          </p>
        )}
      </div>
    </div>
  );
}
