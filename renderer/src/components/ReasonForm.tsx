import { useState, type FormEvent } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { FormActions } from './FormActions';
import { errorText } from '../errorText';

interface Props {
  /** The question the reason answers: "Why is F6 not available?" */
  question: string;
  submitLabel: string;
  /** Rejects with the message to show; the form stays open with what was typed. */
  onSubmit: (reason: string) => Promise<unknown>;
  onCancel: () => void;
}

/** One line saying why: a dismissal, a cell marked not available. Escape cancels. */
export function ReasonForm({ question, submitLabel, onSubmit, onCancel }: Props) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await onSubmit(reason);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="dismiss-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onCancel())} aria-label={submitLabel}>
      <label>
        {question}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus size={60} />
      </label>
      {error && <ErrorMessage message={error} />}
      <FormActions submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
