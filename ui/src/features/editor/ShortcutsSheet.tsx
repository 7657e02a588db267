// The shortcuts sheet (`?`): every key the editor answers, from the same table the handler reads.
import { Modal } from "../../components/Modal";
import { SHORTCUTS } from "./keyboard";

export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="table shortcuts" aria-label="Keyboard shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Connect without a mouse: select a node with the arrow keys, press C, pick the node to connect to. Tab reaches every button and field.</p>
    </Modal>
  );
}
