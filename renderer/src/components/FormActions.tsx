/** A form's submit and Cancel buttons. */
export function FormActions({ submitLabel, onCancel, busy = false }: { submitLabel: string; onCancel: () => void; busy?: boolean }) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
