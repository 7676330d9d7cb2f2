// A page that loads only the self-contained bundle and one element tag works.
// The bundle is built from source by support/qa-server.mjs (or is the real
// dist/ehcp-qa.bundle.js when run with EHCP_QA_BUNDLE=dist after `npm run build`).
import { expect } from '@open-wc/testing';
import { createTestAudit, testUser } from './support/api-helpers.js';

async function until(check: () => boolean, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('the self-contained bundle', () => {
  it('registers the audit workflow, loads the other elements when used, and an <ehcp-audit> tag alone loads an audit from the adapter', async function () {
    this.timeout(60_000);
    const user = await testUser();
    const audit = await createTestAudit(user);
    const frame = document.createElement('iframe');
    frame.title = 'Bundle-only page';
    // The page a vendor writes: the bundle, one tag, and the user's token (from the host's sign-in).
    frame.srcdoc = `<!doctype html><html lang="en"><head><title>Bundle only</title>
      <script type="module" src="/test-qa/ehcp-qa.bundle.js"></script></head>
      <body><ehcp-audit api-base="/qa" audit-id="${audit.id}"></ehcp-audit>
      <script>document.querySelector('ehcp-audit').token = ${JSON.stringify(user.token)};</script></body></html>`;
    document.body.append(frame);
    try {
      await until(() => !!frame.contentWindow?.customElements.get('ehcp-audit'), 'the bundle to register the elements');
      const win = frame.contentWindow!;
      // No other script than the bundle was loaded into the page.
      const scripts = [...frame.contentDocument!.querySelectorAll('script[src]')].map((s) => s.getAttribute('src'));
      expect(scripts).to.deep.equal(['/test-qa/ehcp-qa.bundle.js']);
      // The audit workflow is registered at once; the elements most pages never show
      // are loaded when their tag first appears, and not before.
      for (const tag of ['ehcp-section-grader', 'ehcp-audit']) {
        expect(win.customElements.get(tag), tag).to.not.equal(undefined);
      }
      for (const tag of ['ehcp-plan-report', 'ehcp-moderation', 'ehcp-audit-summary', 'ehcp-benchmark-chart']) {
        expect(win.customElements.get(tag), `${tag} before it is used`).to.equal(undefined);
      }
      const el = frame.contentDocument!.querySelector('ehcp-audit')!;
      await until(() => (el.shadowRoot?.querySelectorAll('[part="nav-item"]').length ?? 0) === 12, 'the audit to load inside the frame');
      expect(el.shadowRoot!.querySelector('[part="progress"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('0 of 12 sections graded');
      // The plan report, added to the page after the audit, is loaded and shows the same audit.
      const report = frame.contentDocument!.createElement('ehcp-plan-report') as HTMLElement & { token?: string };
      report.setAttribute('api-base', '/qa');
      report.setAttribute('audit-id', audit.id);
      report.token = user.token;
      frame.contentDocument!.body.append(report);
      await until(() => !!win.customElements.get('ehcp-plan-report') && !!report.shadowRoot?.querySelector('[part~="table"]'), '<ehcp-plan-report> to be loaded when used');
      // A later element added to the page is loaded, registered and upgraded.
      const summary = frame.contentDocument!.createElement('ehcp-audit-summary');
      frame.contentDocument!.body.append(summary);
      await until(() => !!win.customElements.get('ehcp-audit-summary') && !!summary.shadowRoot, '<ehcp-audit-summary> to be loaded when used');
      expect(win.customElements.get('ehcp-moderation')).to.equal(undefined);
    } finally {
      frame.remove();
    }
  });
});
