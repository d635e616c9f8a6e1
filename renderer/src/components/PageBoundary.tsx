import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorText } from '../errorText';
import { routeHref } from '../route';

interface State {
  error: unknown;
}

/**
 * One failing page never blanks the window: what failed is said in place of the page, with a way back and
 * a way to try again, and the details go to the console (the developer tools of the desktop app). Keyed by
 * the route, so another page starts clean.
 */
export class PageBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('A page failed to draw', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="page-failed" role="alert">
        <h1 tabIndex={-1}>This page could not be shown</h1>
        <p>{errorText(this.state.error)}</p>
        <p>Nothing in the workspace was changed.</p>
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => this.setState({ error: null })}>
            Try again
          </button>{' '}
          <a href={routeHref({ view: 'section', section: 1 })}>Back to the dashboard</a>
        </div>
      </section>
    );
  }
}
