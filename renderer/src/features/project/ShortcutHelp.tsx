/** The keyboard shortcuts, listed from the same table the key handler uses. */
import { useEffect, useRef } from 'react';
import { SHORTCUT_HELP } from '../../editor/shortcuts';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcut-help" aria-labelledby="shortcut-title" onClose={onClose}>
      <h2 id="shortcut-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUT_HELP.map(({ keys, description }) => (
          <div key={keys} className="shortcut-row">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{description}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" className="primary">
          Close
        </button>
      </form>
    </dialog>
  );
}
