// The palette: every node kind and every integration action, grouped and searched by name and
// purpose. A person adds an item by clicking it, by Enter on the highlighted one (arrows move), or
// by dragging it onto the canvas. Opened from the toolbar, by `/` or Ctrl+K at the selection, and
// when a connection is dropped on empty canvas (the pick is then connected).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { PALETTE_MIME } from "../canvas/EditorCanvas";
import { groupItems, searchItems, type PaletteItem } from "../catalog";

interface Props {
  items: PaletteItem[];
  onPick: (item: PaletteItem) => void;
  onClose: () => void;
  /** Where to show it (screen coordinates); centered near the top when absent. */
  at?: { x: number; y: number } | undefined;
  /** Says what the pick will be connected to. */
  connecting?: string | undefined;
}

export function Palette({ items, onPick, onClose, at, connecting }: Props) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const found = useMemo(() => searchItems(items, query), [items, query]);
  const groups = useMemo(() => groupItems(found), [found]);
  const flat = groups.flatMap((g) => g.items);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: "nearest" });
  }, [active, listId]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, flat.length - 1));
    else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
    else if (e.key === "Enter" && flat[active]) onPick(flat[active]!);
    else if (e.key === "Escape") onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const style = at ? { left: Math.max(8, Math.min(at.x, window.innerWidth - 348)), top: Math.max(8, Math.min(at.y, window.innerHeight - 448)) } : undefined;
  let index = -1;
  return (
    <div className={at ? "palette palette-at" : "palette"} style={style} role="dialog" aria-label="Add a node" onKeyDown={onKeyDown}>
      <input
        ref={input}
        type="search"
        className="palette-search"
        placeholder="Search nodes and actions…"
        aria-label="Search nodes and actions"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={flat[active] ? `${listId}-${active}` : undefined}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {connecting && <p className="hint palette-connecting">Connects after {connecting}</p>}
      <div className="palette-list" id={listId} role="listbox" aria-label="Nodes and actions">
        {flat.length === 0 && <p className="hint palette-empty">Nothing matches “{query}”.</p>}
        {groups.map((g) => (
          <div key={g.group} role="group" aria-label={g.group}>
            <div className="palette-group">{g.group}</div>
            {g.items.map((item) => {
              index += 1;
              const i = index;
              return (
                <div
                  key={item.key}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? "palette-item active" : "palette-item"}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, item.key);
                    e.dataTransfer.effectAllowed = "copy";
                  }}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => onPick(item)}
                >
                  <span className="palette-title">{item.title}</span>
                  <span className="palette-desc">{item.description}</span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
