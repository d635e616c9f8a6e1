import { useEffect, useState } from 'react';

/** Where the user is, kept in the address's hash so that reload and back/forward work. */
export type Route =
  | { view: 'section'; section: number; period?: string }
  | { view: 'kpi'; kpiId: string; period?: string }
  | { view: 'import'; period?: string }
  | { view: 'anomalies'; period?: string }
  | { view: 'annotations'; period?: string }
  | { view: 'peers'; period?: string }
  | { view: 'sources'; period?: string }
  | { view: 'report'; period?: string }
  | { view: 'returns'; period?: string }
  | { view: 'questions'; period?: string }
  | { view: 'settings'; period?: string };

/** Views with a plain name in the address and no other state. */
const SIMPLE_VIEWS = ['import', 'anomalies', 'annotations', 'peers', 'sources', 'report', 'questions', 'returns', 'settings'] as const;
type SimpleView = (typeof SIMPLE_VIEWS)[number];
const isSimpleView = (name: string | undefined): name is SimpleView => SIMPLE_VIEWS.includes(name as SimpleView);

export function parseRoute(hash: string): Route {
  const [pathPart, query = ''] = hash.replace(/^#/, '').split('?');
  const period = new URLSearchParams(query).get('period') ?? undefined;
  const parts = pathPart.split('/').filter(Boolean);
  if (parts[0] === 'kpi' && parts[1]) return { view: 'kpi', kpiId: decodeURIComponent(parts[1]), period };
  if (isSimpleView(parts[0])) return { view: parts[0], period };
  const section = Number(parts[1]);
  return { view: 'section', section: section >= 1 && section <= 5 ? section : 1, period };
}

export function routeHref(route: Route): string {
  const query = route.period ? `?period=${encodeURIComponent(route.period)}` : '';
  if (route.view === 'kpi') return `#/kpi/${encodeURIComponent(route.kpiId)}${query}`;
  if (route.view === 'section') return `#/section/${route.section}${query}`;
  return `#/${route.view}${query}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
