// The Edit and Delete buttons of an item: as icons at the end of a list row, named for the row so a
// screen reader (and a test) can tell "Edit Ada" from "Edit Ben"; and in words on the item's own page.
import { Icon } from "./icons";

export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <button type="button" className="icon-button" aria-label={`Edit ${name}`} title="Edit" onClick={onClick}>
      <Icon name="settings" />
    </button>
  );
}

export function DeleteButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <button type="button" className="icon-button danger" aria-label={`Delete ${name}`} title="Delete" onClick={onClick}>
      <Icon name="trash" />
    </button>
  );
}

/** Edit and Delete in an item's page header (the page says which item). */
export function EditDeleteButtons({ onEdit, onDelete }: { onEdit: () => void; onDelete: () => void }) {
  return (
    <div className="button-row">
      <button type="button" className="button" onClick={onEdit}>
        <Icon name="settings" /> Edit
      </button>
      <button type="button" className="button" onClick={onDelete}>
        <Icon name="trash" /> Delete
      </button>
    </div>
  );
}
