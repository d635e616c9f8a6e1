import { useRef, useState, type FormEvent } from 'react';
import type { Step } from '../../../shared/api/analysisSchemas';
import { ANNOTATION_CATEGORIES, type AnnotationCategory } from '../../../shared/domain/annotation';
import { formatMonth, parseMonthKey } from '../../../shared/domain/periods';
import { api } from '../api';
import { routeHref } from '../route';
import { ErrorMessage } from './ErrorMessage';
import { FormActions } from './FormActions';
import { ReasonForm } from './ReasonForm';
import { errorText } from '../errorText';
import { stepQuestion, stepStatement } from '../../../shared/analysis/stepWords';

interface Props {
  steps: Step[];
  period: string;
  onChanged: () => void;
  showKpi?: boolean;
}

/**
 * Step changes the analysis proposes: "a step change from April 2019?". Accepting one starts the KPI's
 * limits again there, with an annotation of the chosen category saying why; dismissing one is remembered,
 * and it is not proposed again. Nothing is applied without the analyst.
 */
export function StepProposals({ steps, period, onChanged, showKpi = true }: Props) {
  return (
    <ul className="steps" data-testid="steps">
      {steps.map((s) => (
        <StepItem key={`${s.kpiId}|${s.month}`} step={s} period={period} onChanged={onChanged} showKpi={showKpi} />
      ))}
    </ul>
  );
}

function StepItem({ step, period, onChanged, showKpi }: { step: Step; period: string; onChanged: () => void; showKpi: boolean }) {
  const [action, setAction] = useState<'accept' | 'dismiss' | null>(null);
  const [category, setCategory] = useState<AnnotationCategory>('recording_practice');
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const status = useRef<HTMLParagraphElement>(null);
  const month = formatMonth(parseMonthKey(step.month));
  const title = `${step.number} ${step.name}`;
  const done = (words: string) => {
    setAction(null);
    setMessage(words);
    onChanged();
    requestAnimationFrame(() => status.current?.focus());
  };
  const accept = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.call('steps.accept', { kpiId: step.kpiId, month: step.month, category, text });
      done(`Accepted: ${title} is judged against its new level from ${month}.`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <li className="step" data-testid="step" data-kpi={step.kpiId} data-month={step.month} data-status={step.status}>
      <p className="step-question">
        <strong>{stepQuestion(step)}</strong> {showKpi ? <a href={routeHref({ view: 'kpi', kpiId: step.kpiId, period })}>{title}</a> : title} {stepStatement(step)}.
      </p>
      {step.status === 'proposed' && action === null && (
        <div className="event-actions">
          <button type="button" className="primary" onClick={() => setAction('accept')} aria-label={`Accept the step change in ${title} from ${month}`}>
            Accept…
          </button>{' '}
          <button type="button" onClick={() => setAction('dismiss')} aria-label={`Dismiss the step change in ${title} from ${month}`}>
            Dismiss…
          </button>
        </div>
      )}
      {(step.status === 'accepted' || step.status === 'dismissed') && (
        <p className="review-note">
          {step.status === 'accepted' ? 'Accepted' : 'Dismissed'} by {step.decidedBy}
          {step.reason ? `: ${step.reason}` : ''}
        </p>
      )}
      {action === 'accept' && (
        <form className="step-form" onSubmit={accept} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), setAction(null))} aria-label={`Accept the step change from ${month}`}>
          <label>
            Why did the level change?
            <select value={category} onChange={(e) => setCategory(e.target.value as AnnotationCategory)} autoFocus>
              {Object.entries(ANNOTATION_CATEGORIES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            In a sentence (kept as an annotation)
            <input value={text} onChange={(e) => setText(e.target.value)} size={60} />
          </label>
          {error && <ErrorMessage message={error} />}
          <FormActions submitLabel="Accept step change" onCancel={() => setAction(null)} />
        </form>
      )}
      {action === 'dismiss' && (
        <ReasonForm
          question={`Why is ${title} not at a new level from ${month}?`}
          submitLabel="Dismiss"
          onCancel={() => setAction(null)}
          onSubmit={async (reason) => {
            await api.call('steps.dismiss', { kpiId: step.kpiId, month: step.month, reason });
            done(`Dismissed: the step change in ${title} from ${month} will not be proposed again.`);
          }}
        />
      )}
      <p className="event-status" role="status" tabIndex={-1} ref={status}>
        {message}
      </p>
    </li>
  );
}
