/** The context that provides an API client to the elements inside a host (see provide.ts). */
import { createContext, ContextRoot } from '@lit/context';
import type { QaClient } from './api.js';

/** Context key: an element that consumes it uses the nearest provided client. */
export const qaClientContext = createContext<QaClient | undefined>(Symbol.for('ehcp-qa/client'));

// Elements that connect before a client is provided (for example when the bundle is
// imported in the same script that then calls provideQaClient) ask once and get no
// answer. A context root on the document keeps those requests and asks again when a
// provider appears, so the order of the two never matters. One per page.
const page = globalThis as { document?: Document; __ehcpQaContextRoot?: ContextRoot };
if (page.document && !page.__ehcpQaContextRoot) {
  page.__ehcpQaContextRoot = new ContextRoot();
  page.__ehcpQaContextRoot.attach(page.document as unknown as HTMLElement);
}
