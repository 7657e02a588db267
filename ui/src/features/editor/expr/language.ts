// A small highlighter for templates: `{{ … }}` (expressions) and `{% … %}` (statements) marked by a
// MatchDecorator, with no parser and no eval (the CSP allows neither, and the engine's own parser
// checks the text; see lint.ts). In expression mode the whole text is an expression.
import { Decoration, MatchDecorator, ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from "@codemirror/view";

const expr = Decoration.mark({ class: "cm-tpl-expr" });
const stmt = Decoration.mark({ class: "cm-tpl-stmt" });

const matcher = new MatchDecorator({
  regexp: /\{\{[\s\S]*?(\}\}|$)|\{%[\s\S]*?(%\}|$)/g,
  decoration: (m) => (m[0].startsWith("{{") ? expr : stmt),
});

export const templateHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = matcher.createDeco(view);
    }
    update(u: ViewUpdate) {
      this.decorations = matcher.updateDeco(u, this.decorations);
    }
  },
  { decorations: (v) => v.decorations },
);
