/**
 * The ready page for the public form, `<mount>/feedback/{token}`: plain HTML that loads
 * the elements as a JavaScript module and shows `<ehcp-feedback-form>`. Strict headers:
 * a Content-Security-Policy allowing only this origin (and the form script's), no referrer
 * (the link holds the token), no caching, no framing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Where the built bundle may be, relative to this module (built package, then a source checkout after `npm run build`). */
const BUNDLE_CANDIDATES = ['../../ehcp-qa.bundle.js', '../../dist/ehcp-qa.bundle.js'];

let cachedBundle: string | null | undefined;
/** The package's self-contained browser bundle, or null when the package has not been built. */
export function builtBundle(): string | null {
  if (cachedBundle !== undefined) return cachedBundle;
  cachedBundle = null;
  for (const candidate of BUNDLE_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) {
      cachedBundle = readFileSync(path, 'utf8');
      break;
    }
  }
  return cachedBundle;
}

export const FEEDBACK_ASSET_PATH = '/feedback-assets/ehcp-qa.js';

/** The page's headers: the CSP allows this origin and, when the script is elsewhere, that origin for scripts only. */
export function pageHeaders(scriptUrl: string, requestUrl: string): Record<string, string> {
  let scriptSource = "'self'";
  try {
    const script = new URL(scriptUrl, requestUrl);
    if (script.origin !== new URL(requestUrl).origin) scriptSource += ` ${script.origin}`;
  } catch { /* a relative URL: 'self' */ }
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'", `script-src ${scriptSource}`, "connect-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
      "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-robots-tag': 'noindex, nofollow',
  };
}

/** The page's HTML. `apiBase` is the adapter's mount path; `token` is inserted escaped. */
export function renderFeedbackPage(options: { apiBase: string; token: string; scriptUrl: string; title?: string }): string {
  const title = escapeHtml(options.title ?? 'Tell us about your EHC plan');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.125rem; line-height: 1.5; background: #f6f6f3; color: #1b1b1b; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  .loading { padding: 1rem; }
</style>
<script type="module" src="${escapeHtml(options.scriptUrl)}"></script>
</head>
<body>
<main id="main">
  <ehcp-feedback-form api-base="${escapeHtml(options.apiBase)}" token="${escapeHtml(options.token)}" heading-level="1">
    <p class="loading">Loading the questionnaire…</p>
  </ehcp-feedback-form>
  <noscript><p>This questionnaire needs JavaScript. If you cannot switch it on, please contact the council and ask for a paper copy.</p></noscript>
</main>
</body>
</html>
`;
}
