import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeError } from '../shared/client-host.js';
import { qaBus } from '../shared/event-bus.js';
import { PlanningHttpClient, type Allocation, type PlanningClient } from '../shared/planning-client.js';
import { mergeStrings } from '../shared/strings.js';
import { myAuditsStrings, type MyAuditsStrings } from './my-audits.strings.js';
import styles from './my-audits.styles.js';

/** Fired when the auditor chooses to start, continue or view the audit of an allocated plan. */
export class OpenAllocationEvent extends Event {
  static readonly eventName = 'ehcp-open-allocation';
  constructor(readonly allocation: Allocation) {
    super(OpenAllocationEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * An auditor's own list: the plans allocated to them in every cycle, soonest due
 * first, each with its status in words ("Not started", "In progress", "Audited")
 * and "Overdue" past its due date, and one button to start, continue or view its
 * audit. The host opens `<ehcp-audit>` on `ehcp-open-allocation` (the allocation
 * carries the plan's reference, facts and cycle). Reloads when an audit is
 * completed or allocations change on the page.
 *
 * Give it `allocations`, or `api-base` (or `client`) to load them from the adapter.
 *
 * @summary The auditor's own list of allocated plans and what is due.
 *
 * @event ehcp-open-allocation - The auditor chose an allocated plan. `allocation`.
 *
 * @csspart base - The whole element.
 * @csspart table - The table of allocations.
 */
@customElement('ehcp-my-audits')
export class EhcpMyAudits extends LitElement {
  static override styles = styles;

  @state() private loaded?: Allocation[];
  @state() private loadError?: string;
  @state() private showDone = false;

  /** The allocations, when the host supplies them. Takes precedence over loading. */
  @property({ attribute: false }) allocations?: Allocation[];
  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Bearer token for the default client (property only). */
  @property({ attribute: false }) token?: string;
  /** A client to use instead of the default one. */
  @property({ attribute: false }) client?: PlanningClient;
  /** Heading level of the title (1 to 5). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides; see `myAuditsStrings`. */
  @property({ attribute: false }) strings?: Partial<MyAuditsStrings>;

  private readonly reload = () => { if (!this.allocations) void this.load(); };

  override connectedCallback(): void {
    super.connectedCallback();
    qaBus.on('audit-completed', this.reload);
    qaBus.on('allocations-changed', this.reload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    qaBus.off('audit-completed', this.reload);
    qaBus.off('allocations-changed', this.reload);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.allocations && (changed.has('apiBase') || changed.has('client') || changed.has('token'))) void this.load();
  }

  private get api(): PlanningClient | undefined {
    if (this.client) return this.client;
    if (!this.apiBase) return undefined;
    const token = this.token;
    return new PlanningHttpClient({ baseUrl: this.apiBase, headers: token ? () => ({ Authorization: `Bearer ${token}` }) : undefined });
  }

  /** Loads the caller's allocations through the client. */
  async load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      this.loaded = await api.listMyAllocations();
      this.loadError = undefined;
    } catch (error) {
      this.loadError = describeError(error);
    }
  }

  private open(allocation: Allocation): void {
    this.dispatchEvent(new OpenAllocationEvent(allocation));
  }

  private row(a: Allocation, s: MyAuditsStrings): TemplateResult {
    const action = a.state === 'audited' ? s.view : a.state === 'in-progress' ? s.continue : s.start;
    return html`<tr data-allocation=${a.id}>
      <th scope="row">${a.planRef}</th>
      <td>${a.dueDate}</td>
      <td><span class="tag">${s.state[a.state] ?? a.state}</span>${a.overdue ? html`<span class="tag tag--overdue">${s.overdue}</span>` : nothing}</td>
      <td><button type="button" class="button ${a.state === 'audited' ? 'button--secondary' : ''}" aria-label=${s.actionLabel(action, a.planRef)} @click=${() => this.open(a)}>${action}</button></td>
    </tr>`;
  }

  override render(): TemplateResult {
    const s = mergeStrings(myAuditsStrings, this.strings);
    const level = Math.min(5, Math.max(1, Math.trunc(this.headingLevel) || 2));
    const all = this.allocations ?? this.loaded;
    const heading = html`<div class="heading" role="heading" aria-level=${level}>${s.title}</div>`;
    if (this.loadError) return html`<div part="base">${heading}<div class="error" role="alert"><p>${s.loadFailed}</p><p>${this.loadError}</p></div></div>`;
    if (!all) return html`<div part="base">${heading}<p role="status">${s.loading}</p></div>`;
    const todo = all.filter((a) => a.state !== 'audited');
    const shown = this.showDone ? all : todo;
    return html`<div part="base">
      ${heading}
      <p role="status" data-summary>${s.summary(todo.length, todo.filter((a) => a.overdue).length)}</p>
      <div class="checkbox">
        <input type="checkbox" id="show-done" .checked=${this.showDone} @change=${(e: Event) => { this.showDone = (e.target as HTMLInputElement).checked; }}>
        <label for="show-done">${s.showDone}</label>
      </div>
      ${shown.length === 0 ? html`<p>${s.none}</p>` : html`<table part="table">
        <caption>${s.caption}</caption>
        <thead><tr><th scope="col">${s.columnPlan}</th><th scope="col">${s.columnDue}</th><th scope="col">${s.columnState}</th><th scope="col">${s.columnAction}</th></tr></thead>
        <tbody>${shown.map((a) => this.row(a, s))}</tbody>
      </table>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-my-audits': EhcpMyAudits;
  }
  interface HTMLElementEventMap {
    'ehcp-open-allocation': OpenAllocationEvent;
  }
}
