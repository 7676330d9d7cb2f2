// Every element that loads data finds its client the same way: its own property,
// a client provided with provideQaClient, or `api-base` with a token. With none it
// says so in words and sends nothing; given its token late it waits for it, so no
// request ever goes out without the user's credentials.
import { expect } from '@open-wc/testing';
import 'ehcp-qa/components';
import { provideQaClient, QaHttpClient } from 'ehcp-qa/components';
import { createTestAudit, testUser, type TestUser } from './support/api-helpers.js';

const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function until(check: () => boolean, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Requests to the adapter, with the Authorization header each carried. */
const calls: { url: string; auth: string | null }[] = [];
const realFetch = window.fetch;
function spyOnFetch(): void {
  calls.length = 0;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url, location.href).pathname.startsWith('/qa/')) calls.push({ url, auth: new Headers(init?.headers).get('authorization') });
    return realFetch(input, init);
  };
}

/** One of each element that loads data, set up to load something. */
function elements(auditId: string): HTMLElement[] {
  const audit = document.createElement('ehcp-audit');
  audit.setAttribute('audit-id', auditId);
  const report = document.createElement('ehcp-plan-report');
  report.setAttribute('audit-id', auditId);
  const summary = document.createElement('ehcp-audit-summary');
  const moderation = document.createElement('ehcp-moderation');
  const benchmark = document.createElement('ehcp-benchmark-chart');
  benchmark.setAttribute('period', '2025-Q3');
  return [audit, report, summary, moderation, benchmark];
}

/** The path each element's first request goes to. */
const firstPath: Record<string, RegExp> = {
  'ehcp-audit': /\/qa\/audits\//,
  'ehcp-plan-report': /\/qa\/audits\//,
  'ehcp-audit-summary': /\/qa\/reports\/summary/,
  'ehcp-moderation': /\/qa\/moderations/,
  'ehcp-benchmark-chart': /\/qa\/benchmark/,
};

describe('how elements get their API client', () => {
  let user: TestUser;
  let auditId: string;
  let host: HTMLDivElement;
  before(async () => {
    user = await testUser(['auditor', 'manager', 'moderator']);
    auditId = (await createTestAudit(user)).id;
  });
  beforeEach(() => {
    spyOnFetch();
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(async () => {
    // Let the requests already started (and those they chain) finish, so none is counted in the next test.
    host.remove();
    for (let seen = -1, i = 0; seen !== calls.length && i < 20; i++) {
      seen = calls.length;
      await new Promise((r) => setTimeout(r, 300));
    }
    window.fetch = realFetch;
  });

  it('with no client, api-base or provider, each element says so in words and sends nothing', async () => {
    const all = elements(auditId);
    host.append(...all);
    await Promise.all(all.map((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
    await new Promise((r) => setTimeout(r, 100));
    for (const el of all) expect(text(el), el.localName).to.match(/has no API client/);
    expect(calls).to.deep.equal([]);
  });

  it('each element uses the client the page provides with provideQaClient', async () => {
    provideQaClient(host, new QaHttpClient({ baseUrl: '/qa', headers: () => ({ Authorization: `Bearer ${user.token}` }) }));
    const all = elements(auditId);
    host.append(...all);
    for (const el of all) {
      await until(() => calls.some((c) => firstPath[el.localName]!.test(c.url)), `a request from <${el.localName}>`);
    }
    expect(calls.filter((c) => c.auth !== `Bearer ${user.token}`)).to.deep.equal([]);
    await until(() => all[0]!.shadowRoot!.querySelectorAll('[part="nav-item"]').length === 12, 'the audit to load');
    for (const el of all) expect(text(el), el.localName).not.to.match(/has no API client/);
  });

  it('elements connected before the client is provided load when it comes', async () => {
    const all = elements(auditId);
    host.append(...all);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).to.deep.equal([]);
    provideQaClient(host, new QaHttpClient({ baseUrl: '/qa', headers: () => ({ Authorization: `Bearer ${user.token}` }) }));
    for (const el of all) {
      await until(() => calls.some((c) => firstPath[el.localName]!.test(c.url)), `a request from <${el.localName}>`);
    }
  });

  it('with api-base and a token that comes late, each element waits, then loads with it (no request without it)', async () => {
    const all = elements(auditId);
    for (const el of all) el.setAttribute('api-base', '/qa');
    host.append(...all);
    await new Promise((r) => setTimeout(r, 150));
    // Nothing is sent without the token (a late request of an earlier test, made with its token, is not this test's).
    expect(calls.filter((c) => c.auth === null)).to.deep.equal([]);
    for (const el of all) {
      expect(text(el), el.localName).to.match(/Waiting for sign-in…$/);
      expect(el.shadowRoot!.querySelector('[role="status"]'), el.localName).to.not.equal(null);
    }
    for (const el of all) (el as HTMLElement & { token?: string }).token = user.token;
    for (const el of all) {
      await until(() => calls.some((c) => firstPath[el.localName]!.test(c.url)), `a request from <${el.localName}>`);
    }
    await until(() => all[0]!.shadowRoot!.querySelectorAll('[part="nav-item"]').length === 12, 'the audit to load');
    expect(calls.filter((c) => c.auth !== `Bearer ${user.token}`)).to.deep.equal([]);
  });

  it('with credentials (a cookie sign-in), an element with api-base sends requests without waiting for a token', async () => {
    const summary = document.createElement('ehcp-audit-summary');
    summary.setAttribute('api-base', '/qa');
    summary.setAttribute('credentials', 'same-origin');
    host.append(summary);
    await until(() => calls.some((c) => /\/qa\/reports\/summary/.test(c.url)), 'a request without a token');
    expect(calls.every((c) => c.auth === null)).to.equal(true);
  });
});
