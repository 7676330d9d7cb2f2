/**
 * Provides an API client to every element of this package inside `host`, for hosts
 * that do not use Lit themselves. Elements given their own `client` property keep it.
 *
 * @example
 * import { provideQaClient, QaHttpClient } from 'ehcp-qa/components';
 * provideQaClient(document.body, new QaHttpClient({
 *   baseUrl: '/qa',
 *   headers: async () => ({ Authorization: `Bearer ${await myAuth.getToken()}` }),
 * }));
 */
import { ContextProvider } from '@lit/context';
import type { QaClient } from './api.js';
import { qaClientContext } from './context.js';

export interface QaClientProvision {
  /** Replaces the client; every consuming element switches to it. */
  setClient(client: QaClient): void;
}

export function provideQaClient(host: HTMLElement, client: QaClient): QaClientProvision {
  const provider = new ContextProvider(host, { context: qaClientContext, initialValue: client });
  // Elements upgraded before the provider existed ask again when they see this event.
  provider.hostConnected();
  return { setClient: (next) => provider.setValue(next) };
}
