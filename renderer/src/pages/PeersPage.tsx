import { formatDay } from '../../../shared/domain/format';
import { useMemo, useState, type FormEvent } from 'react';
import { peerChartOption } from '../../../shared/charts/peerChart';
import { api } from '../api';
import { useApi } from '../useApi';
import { LazyEChart as EChart } from '../charts/LazyEChart';
import { ErrorMessage } from '../components/ErrorMessage';
import { TableHead } from '../components/TableHead';
import { PeriodPicker } from '../components/PeriodPicker';
import { errorText } from '../errorText';

function GroupEditor({ onSaved }: { onSaved: () => void }) {
  const group = useApi('peers.group', {}, []);
  const [force, setForce] = useState<string>();
  const [peers, setPeers] = useState<string>();
  const [error, setError] = useState<string>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.call('peers.setGroup', { force: force ?? group.data!.force, peers: (peers ?? group.data!.peers.join('\n')).split(/[\n,]/).map((p) => p.trim()).filter(Boolean) });
      setError(undefined);
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  if (!group.data) return null;
  return (
    <form className="group-editor" onSubmit={save}>
      <label>
        This force <input value={force ?? group.data.force} onChange={(e) => setForce(e.target.value)} />
      </label>
      <label>
        Most Similar Forces, one a line
        <textarea rows={7} value={peers ?? group.data.peers.join('\n')} onChange={(e) => setPeers(e.target.value)} />
      </label>
      {error && <ErrorMessage message={error} />}
      <button type="submit">Save group</button>
    </form>
  );
}

function PopulationEditor({ areas, onSaved }: { areas: string[]; onSaved: () => void }) {
  const [area, setArea] = useState(areas[0] ?? '');
  const [population, setPopulation] = useState('');
  const [asOf, setAsOf] = useState('');
  const [source, setSource] = useState('ONS mid-year population estimates');
  const [error, setError] = useState<string>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.call('peers.setPopulation', { area, population: Number(population.replace(/,/g, '')), asOf, source });
      setError(undefined);
      setPopulation('');
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="population-editor" onSubmit={save}>
      <label>
        Area
        <select value={area} onChange={(e) => setArea(e.target.value)}>
          {areas.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label>
        Population <input inputMode="numeric" required value={population} onChange={(e) => setPopulation(e.target.value)} size={10} />
      </label>
      <label>
        As of <input required value={asOf} onChange={(e) => setAsOf(e.target.value)} placeholder="mid-2019" size={10} />
      </label>
      <label>
        Source <input required value={source} onChange={(e) => setSource(e.target.value)} size={30} />
      </label>
      {error && <ErrorMessage message={error} />}
      <button type="submit">Save population</button>
    </form>
  );
}

/** The force among its Most Similar Forces for an offence group, from the Home Office tables by force. */
export function PeersPage({ period: initialPeriod }: { period?: string }) {
  const [period, setPeriod] = useState<string | undefined>(initialPeriod);
  const [offence, setOffence] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const comparison = useApi('peers.get', { period, offence }, [period, offence, version]);
  const data = comparison.data;
  const label = data ? `${data.statement} Choose the table below for the figures.` : '';
  const option = useMemo(() => (data ? peerChartOption(data, { description: label }) : null), [data, label]);
  const saved = () => setVersion((v) => v + 1);
  return (
    <div className="peers-page">
      <h1>{data ? `${data.force} and its Most Similar Forces` : 'Most Similar Forces'}</h1>
      {comparison.error && <ErrorMessage message={comparison.error} />}
      {data && (
        <>
          <div className="toolbar">
            <PeriodPicker
              options={{ quarters: data.periods.filter((p) => p.startsWith('Q')), years: data.periods.filter((p) => !p.startsWith('Q')) }}
              value={data.period}
              onChange={setPeriod}
            />
            <label>
              Offence group
              <select value={data.offence} onChange={(e) => setOffence(e.target.value)}>
                {data.offences.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
          </div>
          <p className="peer-statement" data-testid="peer-statement">
            {data.statement}
          </p>
          <figure>
            {option && <EChart option={option} label={label} height={300} />}
          </figure>
          <div className="table-wrap">
            <table data-testid="peer-table">
              <caption>
                {data.offence}, {data.period}: ranked by {data.rankedBy === 'per_1000' ? 'offences per 1,000 population' : 'number of offences'}; rank 1 is the fewest
              </caption>
              <TableHead columns={['Force', 'Rank', 'Offences', 'Population', 'Per 1,000']} />
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.area} className={r.isForce ? 'headline' : undefined}>
                    <th scope="row">{r.isForce ? `${r.area} (this force)` : r.area}</th>
                    <td>{r.rank ?? '–'}</td>
                    <td>{r.offences === null ? 'no figure' : r.offences.toLocaleString('en-GB')}</td>
                    <td>{r.population === null ? 'not known' : r.population.toLocaleString('en-GB')}</td>
                    <td>{r.per1000 === null ? '–' : r.per1000.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="footnote" data-testid="table-source">
            Source: {data.provenance.source}
            {data.provenance.files.length > 0 &&
              `: ${data.provenance.files
                .map((f) => `${f.title ? `“${f.title}”, ` : ''}${f.file ?? 'entered'}${f.sheet ? `, sheet ${f.sheet}` : ''} (${f.quarters}; imported ${formatDay(f.importedAt)})`)
                .join('; ')}`}
            .
          </p>
          {data.missingPopulations.length > 0 && (
            <p className="footnote">Population not known for {data.missingPopulations.join(', ')}: the group is ranked by number of offences until every population is entered.</p>
          )}
          {data.own && (
            <section className="own-figure" aria-labelledby="own-figure-heading" data-testid="peer-own">
              <h2 id="own-figure-heading">
                {data.force}’s own figure: the tables and the dashboard
              </h2>
              <p>
                In the tables, {data.force}’s “All crime” for {data.period} is <strong>{data.own.tables}</strong>
                {data.provenance.allCrimeSums.length > 0 && <> (the sum of {data.provenance.allCrimeSums.length} offence groups: {data.provenance.allCrimeSums.join(', ')})</>}; the dashboard’s{' '}
                {data.own.kpi} is <strong>{data.own.dashboard}</strong>
                {data.own.difference === '0' ? ': the same figure. ' : `: a difference of ${data.own.difference} (${data.own.differencePercent}). `}
                The two are kept apart and neither stands in for the other;{' '}
                <a href={`#/sources?period=${encodeURIComponent(data.period)}`}>Sources</a> keeps a note on why.
              </p>
            </section>
          )}
          <details className="settings">
            <summary>Edit the group and populations</summary>
            <GroupEditor onSaved={saved} />
            <PopulationEditor areas={data.rows.map((r) => r.area)} onSaved={saved} />
          </details>
        </>
      )}
    </div>
  );
}
