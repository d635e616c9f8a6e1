import type { ImportProblemDto } from '../../../shared/import/importSchemas';
import { describeError } from '../../../shared/api/errors';

export function problemText(p: ImportProblemDto): string {
  return describeError({ code: 'bad_arguments', message: p.message, location: { file: p.file, sheet: p.sheet, cell: p.cell } });
}

export function ProblemList({ problems, kind }: { problems: ImportProblemDto[]; kind: 'error' | 'warning' }) {
  if (!problems.length) return null;
  return (
    <section className={`problems ${kind}`} role={kind === 'error' ? 'alert' : undefined} data-testid={`import-${kind}s`}>
      <h3>
        {kind === 'error'
          ? `${problems.length} error${problems.length === 1 ? '' : 's'}: nothing can be imported until ${problems.length === 1 ? 'it is' : 'they are'} fixed`
          : `${problems.length} warning${problems.length === 1 ? '' : 's'} (the import can go ahead)`}
      </h3>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>{problemText(p)}</li>
        ))}
      </ul>
    </section>
  );
}
