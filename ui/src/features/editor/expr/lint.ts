// Errors as you type, from the engine's own parser (`checkTemplate`), debounced by CodeMirror's
// linter; the error is underlined where the parser says and named under the field.
import { linter, type Diagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import type { TemplateCheck } from "../contract";

/** The offset of a 1-based line and column in `doc`, kept inside it. */
export function offsetOf(doc: Text, at: { line: number; column: number } | null): number {
  if (!at) return 0;
  const line = doc.line(Math.min(Math.max(at.line, 1), doc.lines));
  return Math.min(line.from + Math.max(at.column - 1, 0), line.to);
}

export function templateLinter(check: (text: string) => Promise<TemplateCheck>, onResult: (error: string | null) => void) {
  return linter(
    async (view): Promise<Diagnostic[]> => {
      const text = view.state.doc.toString();
      let result: TemplateCheck;
      try {
        result = await check(text);
      } catch {
        return [];
      }
      onResult(result.error);
      if (!result.error) return [];
      const from = offsetOf(view.state.doc, result.at);
      const to = Math.min(from + 1, view.state.doc.length);
      return [{ from: to > from ? from : Math.max(0, from - 1), to: Math.max(to, from), severity: "error", message: result.error }];
    },
    { delay: 300 },
  );
}
