import { forwardRef } from 'react';
import { KEYS } from '../keyboard';

/** "?": every key the app answers to, by where it works. */
export const KeyboardMap = forwardRef<HTMLDialogElement, { onClose: () => void }>(function KeyboardMap({ onClose }, ref) {
  return (
    <dialog ref={ref} aria-labelledby="keyboard-title" className="keyboard-map" onClose={onClose}>
      <h2 id="keyboard-title">Keyboard</h2>
      <div className="keyboard-groups">
        {KEYS.map((g) => (
          <section key={g.group} aria-labelledby={`keys-${g.group}`}>
            <h3 id={`keys-${g.group}`}>{g.group}</h3>
            <dl>
              {g.keys.map((k) => (
                <div key={k.keys}>
                  <dt>
                    <kbd>{k.keys}</kbd>
                  </dt>
                  <dd>{k.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-buttons">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
});
