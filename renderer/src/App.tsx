import { PageBoundary } from './components/PageBoundary';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useShortcuts } from './keyboard';
import { KeyboardMap } from './components/KeyboardMap';
import type { WorkspaceInfo } from '../../shared/api/workspaceSchemas';
import { useApi } from './useApi';
import { api } from './api';
import { watchChanges } from './dataVersion';
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
const SourcesPage = lazy(() => import('./pages/SourcesPage').then((m) => ({ default: m.SourcesPage })));
const ReportPage = lazy(() => import('./pages/ReportPage').then((m) => ({ default: m.ReportPage })));
const QuestionsPage = lazy(() => import('./pages/QuestionsPage').then((m) => ({ default: m.QuestionsPage })));
const ReturnsPage = lazy(() => import('./pages/ReturnsPage').then((m) => ({ default: m.ReturnsPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const KpiDetail = lazy(() => import('./pages/KpiDetail').then((m) => ({ default: m.KpiDetail })));

/** Each page's outermost element: where its own heading is looked for after moving to it. */
const PAGE_ROOTS: Record<string, string> = {
  section: '.dashboard',
  kpi: '.kpi-detail',
  anomalies: '.anomaly-inbox',
  annotations: '.annotations-page',
  peers: '.peers-page',
  report: '.report-page',
  returns: '.returns-page',
  questions: '.questions-page',
  import: '.import-page',
  settings: '.settings-page',
};

const NAV = [
  { view: 'section', label: 'Dashboard' },
  { view: 'anomalies', label: 'Anomalies' },
  { view: 'annotations', label: 'Annotations' },
  { view: 'peers', label: 'Peers' },
  { view: 'sources', label: 'Sources' },
  { view: 'report', label: 'Report' },
  { view: 'questions', label: 'Questions' },
  { view: 'returns', label: 'Returns' },
  { view: 'import', label: 'Import' },
  { view: 'settings', label: 'Settings' },
] as const;

export function App() {
  const route = useRoute();
  useEffect(() => watchChanges(api), []);
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

  // The header wraps on narrow windows: its height is what scrolling keeps clear (scroll-padding) for focus.
  const header = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = header.current;
    if (!element) return;
    const observer = new ResizeObserver(() => document.documentElement.style.setProperty('--header-height', `${element.offsetHeight}px`));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // After moving to another page, the focus goes to its main heading, where a screen reader starts reading:
  // the new page's own heading, once it is there (a page may load its figures first).
  const pageKey = `${route.view}|${route.view === 'kpi' ? route.kpiId : ''}|${workspaceVersion}`;
  const firstPage = useRef(true);
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    let cancelled = false;
    const started = performance.now();
    const root = PAGE_ROOTS[route.view];
    const focusHeading = () => {
      if (cancelled) return;
      const heading = document.querySelector<HTMLElement>(`main ${root} h1`);
      const active = document.activeElement;
      // Someone who has already moved into the new page keeps their place.
      if (active && active !== document.body && active.closest(`main ${root}`) && active !== heading) return;
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      } else if (performance.now() - started < 5000) requestAnimationFrame(focusHeading);
    };
    requestAnimationFrame(focusHeading);
    return () => {
      cancelled = true;
    };
  }, [pageKey]);

  const keyboardMap = useRef<HTMLDialogElement>(null);
  const go = (view: 'section' | 'anomalies' | 'annotations' | 'peers' | 'sources' | 'report' | 'questions' | 'returns' | 'import' | 'settings') =>
    navigate(view === 'section' ? { view, section: 1, period: route.period } : { view, period: route.period });
  useShortcuts({
    '?': () => (keyboardMap.current?.open ? keyboardMap.current.close() : keyboardMap.current?.showModal()),
    p: () => document.querySelector<HTMLElement>('[data-testid="period-select"]')?.focus(),
    'g d': () => go('section'),
    'g i': () => go('anomalies'),
    'g n': () => go('annotations'),
    'g p': () => go('peers'),
    'g o': () => go('sources'),
    'g r': () => go('report'),
    'g t': () => go('returns'),
    'g q': () => go('questions'),
    'g m': () => go('import'),
    'g s': () => go('settings'),
  });
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
      <header className="topbar" ref={header}>
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
        {options.data && period && (route.view === 'section' || route.view === 'kpi' || route.view === 'anomalies' || route.view === 'sources' || route.view === 'report' || route.view === 'returns') && <PeriodPicker options={options.data} value={period} onChange={setPeriod} />}
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
      <KeyboardMap ref={keyboardMap} onClose={() => keyboardMap.current?.close()} />
      <main id="main" tabIndex={-1}>
        <PageBoundary key={route.view}>
        <Suspense fallback={<p className="loading" role="status">Loading…</p>}>
        {route.view === 'import' && <ImportPage dropped={dropped} onDroppedTaken={() => setDropped(null)} onImported={refresh} workspaceVersion={workspaceVersion} />}
        {(route.view === 'section' || route.view === 'kpi' || route.view === 'anomalies' || route.view === 'sources' || route.view === 'report' || route.view === 'returns') && options.data && !period && info.data && (
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
        {period && route.view === 'sources' && <SourcesPage key={`${workspaceVersion}-${period}`} period={period} />}
        {period && route.view === 'report' && <ReportPage key={`${workspaceVersion}-${period}`} period={period} />}
        {period && route.view === 'returns' && <ReturnsPage key={workspaceVersion} period={period} />}
        {route.view === 'questions' && <QuestionsPage key={workspaceVersion} />}
        {route.view === 'settings' && <SettingsPage key={workspaceVersion} onSaved={refresh} />}
        </Suspense>
        </PageBoundary>
      </main>
      <footer className="keyboard-hint">
        Press <kbd>?</kbd> for the keyboard.
      </footer>
    </div>
  );
}
