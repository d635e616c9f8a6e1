import { useRef, useState, type DragEvent } from 'react';

export const ACCEPTED = '.xlsx,.xlsm,.xls,.ods,.csv,.tsv';

interface Props {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
}

/** Drop the force's spreadsheets here, or choose them; both work by keyboard through the button. */
export function DropZone({ onFiles, disabled }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length && !disabled) onFiles(files);
  };
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="drop-zone"
    >
      <p>Drop the force’s spreadsheets here</p>
      <p className="hint">.xlsx, .xlsm, .xls, .ods, .csv or .tsv: wide (months across), long (one row per figure), data.police.uk records, or Home Office tables by force</p>
      <button type="button" className="primary" disabled={disabled} onClick={() => input.current?.click()}>
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPTED}
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </div>
  );
}
