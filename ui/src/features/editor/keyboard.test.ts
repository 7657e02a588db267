// Which keys the editor takes, and where: plain keys only on the canvas, shortcuts with Ctrl
// anywhere but in text and dialogs, nothing inside a dialog or a menu (Enter there presses a button).
import { describe, expect, it } from "vitest";
import { keyAction } from "./keyboard";

function target(html: string, select: string): HTMLElement {
  document.body.innerHTML = html;
  return document.querySelector<HTMLElement>(select)!;
}
const press = (key: string, t: EventTarget | null, mods: Partial<Record<"ctrlKey" | "shiftKey" | "altKey" | "metaKey", boolean>> = {}) =>
  keyAction({ key, target: t, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("editor keys", () => {
  it("acts on plain keys on the canvas", () => {
    const canvas = target("<div class='ed-canvas' tabindex='0'></div>", ".ed-canvas");
    expect(press("/", canvas)).toBe("palette");
    expect(press("ArrowRight", canvas)).toBe("walk");
    expect(press("ArrowRight", canvas, { altKey: true })).toBe("nudge");
    expect(press("Enter", canvas)).toBe("open");
    expect(press("c", canvas)).toBe("connect");
    expect(press("Delete", canvas)).toBe("delete");
    expect(press("?", canvas)).toBe("help");
    expect(press("T", canvas, { shiftKey: true, altKey: true })).toBe("tidy");
  });
  it("leaves plain keys on buttons and in fields alone, but saves and runs from a field", () => {
    const button = target("<button>Run</button>", "button");
    expect(press("Enter", button)).toBeNull();
    expect(press("c", button)).toBeNull();
    const input = target("<input />", "input");
    expect(press("z", input, { ctrlKey: true })).toBeNull();
    expect(press("s", input, { ctrlKey: true })).toBe("saveVersion");
    expect(press("Enter", input, { ctrlKey: true })).toBe("run");
    expect(press("Escape", input)).toBe("escape");
  });
  it("takes nothing inside a dialog or a menu", () => {
    const option = target("<div role='dialog'><button>Cold</button></div>", "button");
    expect(press("Enter", option)).toBeNull();
    expect(press("s", option, { ctrlKey: true })).toBeNull();
    expect(press("Escape", target("<div role='menu'><button>Copy</button></div>", "button"))).toBeNull();
  });
  it("undoes, redoes, copies the selection's way with Ctrl", () => {
    const canvas = target("<div class='ed-canvas'></div>", ".ed-canvas");
    expect(press("z", canvas, { ctrlKey: true })).toBe("undo");
    expect(press("Z", canvas, { ctrlKey: true, shiftKey: true })).toBe("redo");
    expect(press("y", canvas, { ctrlKey: true })).toBe("redo");
    expect(press("d", canvas, { ctrlKey: true })).toBe("duplicate");
    expect(press("k", canvas, { ctrlKey: true })).toBe("palette");
  });
});
