// Completion for templates and expressions: inside `{{ … }}` (or anywhere in a bare expression) the
// path before the cursor is resolved in the scope tree (scope.ts) and its children offered; ids
// that are not identifiers are offered in brackets (`nodes["lead-1"]`).
import type { CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import type { ScopeNode } from "./scope";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `pos` is inside an open `{{` (not yet closed) on the text before it. */
export function insideTemplate(before: string): boolean {
  const open = before.lastIndexOf("{{");
  return open >= 0 && before.indexOf("}}", open) < 0;
}

/** Splits `nodes["a-b"].output.te` into the path ["nodes", "a-b", "output"] and the partial "te". */
export function splitPath(text: string): { path: string[]; partial: string; from: number } {
  const chain = /(?:(?:[A-Za-z_][A-Za-z0-9_]*|\["[^"]*"\])(?:\.[A-Za-z0-9_-]*|\["[^"]*"\])*)?$/.exec(text)?.[0] ?? "";
  const parts = [...chain.matchAll(/\["([^"]*)"\]|([A-Za-z0-9_-]+)/g)].map((p) => p[1] ?? p[2] ?? "");
  if (chain === "" || chain.endsWith(".") || chain.endsWith("]")) return { path: parts, partial: "", from: text.length };
  const partial = parts.pop() ?? "";
  return { path: parts, partial, from: text.length - partial.length };
}

export function resolve(root: ScopeNode, path: string[]): ScopeNode | null {
  let cur: ScopeNode | undefined = root;
  for (const k of path) {
    cur = cur?.children.get(k);
    if (!cur) return null;
  }
  return cur ?? null;
}

export function completions(root: ScopeNode, textBefore: string): { from: number; options: { label: string; apply: string; detail?: string; info?: string }[] } | null {
  const split = splitPath(textBefore);
  const at = resolve(root, split.path);
  if (!at) return null;
  const options = [...at.children]
    .filter(([k]) => k.toLowerCase().startsWith(split.partial.toLowerCase()))
    .map(([k, node]) => {
      const plain = IDENT.test(k);
      const apply = plain ? k : split.path.length === 0 ? k : `["${k}"]`;
      return { label: k, apply, ...(node.detail ? { detail: node.detail } : {}), ...(node.info ? { info: node.info } : {}) };
    });
  // A non-identifier key replaces the dot before it too.
  const from = options.some((o) => o.apply.startsWith("[")) && textBefore[split.from - 1] === "." ? split.from - 1 : split.from;
  return options.length > 0 ? { from, options } : null;
}

export function completionSource(getScope: () => ScopeNode, expression: boolean): CompletionSource {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = ctx.state.sliceDoc(expression ? line.from : 0, ctx.pos);
    if (!expression && !insideTemplate(before)) return null;
    const word = /[A-Za-z0-9_."[\]-]*$/.exec(before)?.[0] ?? "";
    if (!ctx.explicit && word === "") return null;
    const found = completions(getScope(), word);
    if (!found) return null;
    return { from: ctx.pos - word.length + found.from, options: found.options, validFor: /^[A-Za-z0-9_-]*$/ };
  };
}
