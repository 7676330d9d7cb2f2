/**
 * The entry of the browser bundle (`dist/ehcp-qa.bundle.js`, the `ehcp-qa/bundle`
 * export) for plain pages without a bundler.
 *
 * The audit itself is in the file: `<ehcp-audit>` and `<ehcp-section-grader>` are
 * registered as soon as it loads, with the API clients, `provideQaClient` and the bus.
 * The other elements (`<ehcp-plan-report>`, shown after an audit rather than during it,
 * `<ehcp-audit-summary>`, `<ehcp-moderation>`, `<ehcp-benchmark-chart>`,
 * `<ehcp-feedback-form>`, `<ehcp-feedback-summary>`,
 * `<ehcp-sample-planner>`, `<ehcp-my-audits>`) are in
 * files of their own beside it (`ehcp-qa.bundle.<element>.js`): each is fetched and
 * registered the first time its tag appears in the document. An element created
 * inside another element's shadow root is not seen; call `loadElement(tag)` for it.
 */
export * from './shared/index.js';
export * from './section-grader/index.js';
export * from './audit/index.js';
// The clients of the elements loaded later are small and need no Lit: here at once.
export { ReportsHttpClient, ReportsApiError, type ReportsClient, type ReportsHttpClientOptions } from './audit-summary/reports-client.js';
export { ModerationHttpClient, type ModerationClient } from './moderation/moderation-client.js';
export { BenchmarkHttpClient, type BenchmarkClient, type BenchmarkHttpClientOptions } from './benchmark-chart/benchmark-client.js';
export { FeedbackReportsHttpClient, type FeedbackReportsClient } from './feedback-summary/feedback-reports-client.js';

const later = {
  'ehcp-plan-report': () => import('./plan-report/index.js'),
  'ehcp-audit-summary': () => import('./audit-summary/index.js'),
  'ehcp-moderation': () => import('./moderation/index.js'),
  'ehcp-benchmark-chart': () => import('./benchmark-chart/index.js'),
  'ehcp-feedback-form': () => import('./feedback-form/index.js'),
  'ehcp-feedback-summary': () => import('./feedback-summary/index.js'),
  'ehcp-sample-planner': () => import('./sample-planner/index.js'),
  'ehcp-my-audits': () => import('./my-audits/index.js'),
};
export type LaterElement = keyof typeof later;

const loading = new Map<string, Promise<unknown>>();

/**
 * Loads and registers one of the elements kept out of the main file, and resolves
 * with its module (its class, wording and client), for example
 * `const { EhcpModeration } = await loadElement('ehcp-moderation')`.
 */
export function loadElement<T extends LaterElement>(tag: T): ReturnType<(typeof later)[T]> {
  let pending = loading.get(tag);
  if (!pending) loading.set(tag, (pending = later[tag]()));
  return pending as ReturnType<(typeof later)[T]>;
}

// Loads each of those elements when its tag first appears in the document.
if (typeof document !== 'undefined') {
  const waiting = new Set(Object.keys(later) as LaterElement[]);
  const look = (root: ParentNode) => {
    for (const tag of waiting) {
      if ((root as Element).localName === tag || root.querySelector(tag)) {
        waiting.delete(tag);
        // Until its file has arrived, an empty element says it is loading (a status
        // message screen readers announce); its shadow root hides the message once it runs.
        const notes: Element[] = [];
        for (const el of [...((root as Element).localName === tag ? [root as Element] : []), ...root.querySelectorAll(tag)]) {
          if (el.firstChild || el.shadowRoot) continue;
          const note = document.createElement('p');
          note.setAttribute('role', 'status');
          note.setAttribute('data-ehcp-loading', '');
          note.textContent = 'Loading…';
          el.append(note);
          notes.push(note);
        }
        loadElement(tag).then(() => {
          for (const note of notes) note.remove();
        }, (error: unknown) => {
          for (const note of notes) note.textContent = 'This part of the page could not be loaded.';
          console.error(`ehcp-qa: <${tag}> could not be loaded. Serve every ehcp-qa.bundle.*.js file from the folder of ehcp-qa.bundle.js.`, error);
        });
      }
    }
  };
  look(document);
  if (waiting.size) {
    const observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) look(node as Element);
      if (!waiting.size) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  }
}
