import { useState } from 'react';
import { api } from '../api';
import { useApi } from '../useApi';
import { AnnotationForm } from '../components/AnnotationForm';
import { AnnotationList } from '../components/AnnotationList';
import { ErrorMessage } from '../components/ErrorMessage';
import { StatusMessage, type Status } from '../components/StatusMessage';

const thisMonth = () => new Date().toISOString().slice(0, 7);

/** Every annotation, searchable; each can be edited (with history), deleted and restored. */
export function AnnotationsPage() {
  const [search, setSearch] = useState('');
  const [includeDeleted, setIncludeDeleted] = useState(false);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<Status>();
  const list = useApi('annotations.list', { search, includeDeleted }, [search, includeDeleted]);
  const kpis = useApi('kpis.list', {}, []);
  const changed = (text: string, undo?: () => Promise<void>) => {
    setStatus({ text, undo: undo && (async () => (await undo(), list.reload())) });
    list.reload();
  };
  return (
    <div className="annotations-page">
      <h1>Annotations</h1>
      <p className="period-long">What explains the figures: drawn on every chart they apply to, and offered to the report.</p>
      <div className="toolbar">
        <label>
          Search <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="words in the text, category or author" size={36} />
        </label>
        <label>
          <input type="checkbox" checked={includeDeleted} onChange={(e) => setIncludeDeleted(e.target.checked)} /> show deleted
        </label>
        <button type="button" className="primary" onClick={() => setAdding(true)} disabled={adding}>
          New annotation…
        </button>
      </div>
      <StatusMessage status={status} onUndone={(text) => setStatus({ text })} />
      {adding && kpis.data && (
        <AnnotationForm
          kpis={kpis.data}
          initial={{ scope: 'kpis', kpiIds: [], from: thisMonth(), to: thisMonth(), category: 'other', text: '' }}
          submitLabel="Add annotation"
          onCancel={() => setAdding(false)}
          onSubmit={async (fields) => {
            const created = await api.call('annotations.create', fields);
            setAdding(false);
            changed(`Annotation A${created.id} added.`, async () => void (await api.call('annotations.delete', { id: created.id })));
          }}
        />
      )}
      {list.error && <ErrorMessage message={list.error} />}
      {list.data && kpis.data && <AnnotationList annotations={list.data} kpis={kpis.data} onChanged={changed} />}
    </div>
  );
}
