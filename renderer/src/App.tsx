import { lazy, Suspense, useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../../shared/api/contract';
import { useApi } from './useApi';
import { navigate, useRoute } from './route';
import { Dashboard } from './pages/Dashboard';
import { WORKSPACE_MENU, WorkspaceBar } from './components/WorkspaceBar';
import { StatusMessage, type Status } from './components/StatusMessage';
import { PeriodPicker } from './components/PeriodPicker';
import { ErrorMessage } from './components/ErrorMessage';

// Pages other than the dashboard and a KPI's page load when first opened: the first screen stays light.
const ImportPage = lazy(() => import('./pages/ImportPage').then((m) => ({ default: m.ImportPage })));
const AnomalyInbox = lazy(() => import('./pages/AnomalyInbox').then((m) => ({ default: m.AnomalyInbox })));
const AnnotationsPage = lazy(() => import('./pages/AnnotationsPage').then((m) => ({ default: m.AnnotationsPage })));
const PeersPage = lazy(() => import('./pages/PeersPage').then((m) => ({ default: m.PeersPage })));
const ReportPage = lazy(() => import('./pages/ReportPage').then((m) => ({ default: m.ReportPage })));
const ReturnsPage = lazy(() => import('./pages/ReturnsPage').then((m) => ({ default: m.ReturnsPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const KpiDetail = lazy(() => import('./pages/KpiDetail').then((m) => ({ default: m.KpiDetail })));

const NAV = [
  { view: 'section', label: 'Dashboard' },
  { view: 'anomalies', label: 'Anomalies' },
  { view: 'annotations', label: 'Annotations' },
  { view: 'peers', label: 'Peers' },
  { view: 'report', label: 'Report' },
  { view: 'returns', label: 'Returns' },
  { view: 'import', label: 'Import' },
  { view: 'settings', label: 'Settings' },
] as const;

export function App() {
  const route = useRoute();
  const [workspaceVersion, setWorkspaceVersion] = useState(0);
  const info = useApi('workspace.info', {}, [workspaceVersion]);
  const options = useApi('periods.options', {}, [workspaceVersion]);
  const period = route.period ?? options.data?.defaultPeriod ?? undefined;

  const onWorkspaceChanged = (_: WorkspaceInfo) => {
    setWorkspaceVersion((v) => v + 1);
    navigate({ view: 'section', section: 1 });
  };

  useEffect(() => {
    document.title = info.data ? `${info.data.name} — Performance Workbench` : 'Performance Workbench';
  }, [info.data]);

  const setPeriod = (next: string) => navigate({ ...route, period: next });
  const [dropped, setDropped] = useState<File[] | null>(null);
  const [status, setStatus] = useState<Status>();
  // Figures changed: every view that shows them reloads.
  const refresh = () => setWorkspaceVersion((v) => v + 1);

  return (
    <div
      className="app"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        // A spreadsheet dropped anywhere on the window goes to the import screen.
        e.preventDefault();
        const files = [...e.dataTransfer.files];
        if (files.length) {
          setDropped(files);
          navigate({ view: 'import', period: route.period });
        }
      }}
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">Performance Workbench</span>
          {info.data && (
            <span className="workspace-name" title={info.data.path}>
              {info.data.name}
            </span>
          )}
          {info.data?.isDemo && (
            <span className="demo-badge" data-testid="demo-badge">
              DEMO DATA — fictional force
            </span>
          )}
        </div>
        <nav className="main-nav" aria-label="Views">
          {NAV.map(({ view, label }) => (
            <a
              key={view}
              href={`#/${view === 'section' ? 'section/1' : view}${period ? `?period=${encodeURIComponent(period)}` : ''}`}
              aria-current={(route.view === 'kpi' ? 'section' : route.view) === view ? 'page' : undefined}
            >
              {label}
            </a>
          ))}
        </nav>
        {options.data && period && (route.view === 'section' || route.view === 'kpi' || route.view === 'anomalies' || route.view === 'report' || route.view === 'returns') && <PeriodPicker options={options.data} value={period} onChange={setPeriod} />}
        <WorkspaceBar
          info={info.data}
          onChanged={onWorkspaceChanged}
          onRestored={(_, text, undo) => {
            refresh();
            setStatus({ text, undo: async () => (await undo(), refresh()) });
          }}
        />
      </header>
      {info.error && <ErrorMessage message={info.error} />}
      {info.data?.readOnly && (
        <div className="readonly-banner" role="alert" data-testid="readonly-banner">
          <strong>This workspace is open read-only:</strong> {info.data.readOnly}. Figures can be read and exported; nothing can be changed.{' '}
          {info.data.damaged && (
            <button type="button" onClick={() => window.dispatchEvent(new CustomEvent(WORKSPACE_MENU, { detail: 'backups' }))}>
              Restore a backup…
            </button>
          )}
        </div>
      )}
      {status && (
        <div className="app-status">
          <StatusMessage status={status} onUndone={(text) => setStatus({ text })} />
        </div>
      )}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading" role="status">Loading…</p>}>
        {route.view === 'import' && <ImportPage dropped={dropped} onDroppedTaken={() => setDropped(null)} onImported={refresh} />}
        {(route.view === 'section' || route.view === 'kpi' || route.view === 'anomalies' || route.view === 'report' || route.view === 'returns') && options.data && !period && info.data && (
          <section className="empty">
            <h1>No figures yet</h1>
            <p>
              The workspace “{info.data.name}” holds no figures yet. <a href="#/import">Import the force’s spreadsheets</a>, or
              open another workspace or create a demo workspace from the Workspace menu.
            </p>
          </section>
        )}
        {period && route.view === 'section' && <Dashboard key={workspaceVersion} section={route.section} period={period} />}
        {period && route.view === 'kpi' && <KpiDetail key={`${workspaceVersion}-${route.kpiId}`} kpiId={route.kpiId} period={period} />}
        {period && route.view === 'anomalies' && <AnomalyInbox key={workspaceVersion} period={period} />}
        {route.view === 'annotations' && <AnnotationsPage key={workspaceVersion} />}
        {route.view === 'peers' && <PeersPage key={workspaceVersion} period={route.period} />}
        {period && route.view === 'report' && <ReportPage key={`${workspaceVersion}-${period}`} period={period} />}
        {period && route.view === 'returns' && <ReturnsPage key={workspaceVersion} period={period} />}
        {route.view === 'settings' && <SettingsPage key={workspaceVersion} onSaved={refresh} />}
        </Suspense>
      </main>
    </div>
  );
}
