/**
 * The ready page for the public form, `<mount>/feedback/{token}`: plain HTML that loads
 * the elements as a JavaScript module and shows `<ehcp-feedback-form>`. Strict headers:
 * a Content-Security-Policy allowing only this origin (and the form script's), no referrer
 * (the link holds the token), no caching, no framing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Where the built bundle's folder may be, relative to this module (the built package, then a source checkout after `npm run build`). */
const BUNDLE_DIRS = ['../../', '../../dist/'];

/** The bundle's files: `ehcp-qa.bundle.js` and the element files beside it (`ehcp-qa.bundle.feedback-form.js`, …). */
export const BUNDLE_FILE = /^ehcp-qa\.bundle(?:\.[a-z0-9-]+)*\.js$/;

const cachedFiles = new Map<string, string | null>();
/** One file of the package's browser bundle, or null when it does not exist (the package is not built). */
export function builtBundleFile(file: string): string | null {
  if (!BUNDLE_FILE.test(file)) return null;
  if (cachedFiles.has(file)) return cachedFiles.get(file)!;
  let found: string | null = null;
  for (const dir of BUNDLE_DIRS) {
    const path = fileURLToPath(new URL(`${dir}${file}`, import.meta.url));
    if (existsSync(path)) {
      found = readFileSync(path, 'utf8');
      break;
    }
  }
  cachedFiles.set(file, found);
  return found;
}

/** Where the adapter serves the bundle's files, under its mount. */
export const FEEDBACK_ASSETS = '/feedback-assets';
export const FEEDBACK_SCRIPT = `${FEEDBACK_ASSETS}/ehcp-qa.bundle.js`;

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
<link rel="icon" href="data:,">
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
