/**
 * The Content-Security-Policy of every page the app shows, in the Electron window and the browser host:
 * nothing but the app's own files, no remote content, no inline script. Inline styles are allowed
 * because ECharts positions its tooltips with style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
