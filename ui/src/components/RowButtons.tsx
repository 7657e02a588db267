// The icon buttons at the end of a list row, named for the row so a screen reader (and a test) can
// tell "Edit Ada" from "Edit Ben".
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
