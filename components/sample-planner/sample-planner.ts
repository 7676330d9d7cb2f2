import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { QaApiError } from '../shared/api.js';
import { describeError } from '../shared/client-host.js';
import { qaBus } from '../shared/event-bus.js';
import {
  PlanningHttpClient,
  type Agency, type Allocation, type AuditorRef, type CycleProgress, type DrawSampleBody, type PlanningClient, type ProgressCounts, type Sample, type SamplePlan,
} from '../shared/planning-client.js';
import { mergeStrings } from '../shared/strings.js';
import { samplePlannerStrings, type SamplePlannerStrings } from './sample-planner.strings.js';
import styles from './sample-planner.styles.js';

/** Fired after the cycle's sample was drawn. */
export class SampleDrawnEvent extends Event {
  static readonly eventName = 'ehcp-sample-drawn';
  constructor(readonly sample: Sample) {
    super(SampleDrawnEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired after allocations were made or one was reassigned. */
export class AllocationsChangedEvent extends Event {
  static readonly eventName = 'ehcp-allocations-changed';
  constructor(readonly allocations: Allocation[]) {
    super(AllocationsChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

type Method = 'all' | 'random' | 'proportional' | 'at-least';
type StratifyBy = 'phase' | 'primaryNeed' | 'teamRef' | 'caseworkerRef';
const AGENCIES: Agency[] = ['education', 'health', 'social-care', 'parent-carer-forum', 'other'];
const points = (moe: number) => (moe * 100).toFixed(1);

/**
 * The quality lead's view of one audit cycle: choose how to draw the sample and see
 * what a sample size buys before drawing (the 95% margin of error, finite
 * population corrected, and the size a chosen margin needs); draw it, seeded (the
 * seed is shown and kept); share the plans out among auditors evenly (never to a
 * plan's own caseworker) with a due date; reassign one; and follow progress for the
 * cycle, per auditor and per agency. Every control is a native form control, so the
 * keyboard alone is enough; problems are listed in an error summary naming the field.
 *
 * Needs `api-base` (or `client`) and `cycle-id`.
 *
 * @summary Sample, allocate and follow an audit cycle.
 *
 * @event ehcp-sample-drawn - The sample was drawn. `sample`.
 * @event ehcp-allocations-changed - Allocations were made or one reassigned. `allocations`.
 *
 * @csspart base - The whole element.
 * @csspart sample - The sample step.
 * @csspart allocate - The allocation step.
 * @csspart progress - The progress figures.
 */
@customElement('ehcp-sample-planner')
export class EhcpSamplePlanner extends LitElement {
  static override styles = styles;

  @state() private loaded = false;
  @state() private loadError?: string;
  @state() private sample: Sample | null = null;
  @state() private plan?: SamplePlan;
  @state() private allocations: Allocation[] = [];
  @state() private progress?: CycleProgress;
  @state() private errors: { field: string; message: string }[] = [];
  @state() private message = '';
  @state() private busy = false;
  @state() private population: 'all' | 'new' = 'all';
  @state() private method: Method = 'random';
  @state() private size = 30;
  @state() private stratifyBy: StratifyBy = 'phase';
  @state() private atLeast = 2;
  @state() private margin = '';
  @state() private seed = '';
  @state() private auditors: AuditorRef[] = [];
  @state() private newAuditorId = '';
  @state() private newAgency: Agency = 'education';
  @state() private dueDate = '';
  @state() private editing?: { id: string; auditorId: string; agency: Agency; dueDate: string };

  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Bearer token for the default client (property only). */
  @property({ attribute: false }) token?: string;
  /** A client to use instead of the default one. */
  @property({ attribute: false }) client?: PlanningClient;
  /** The cycle to plan. */
  @property({ attribute: 'cycle-id' }) cycleId = '';
  /** Heading level of the title (1 to 4); step headings follow. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides; see `samplePlannerStrings`. */
  @property({ attribute: false }) strings?: Partial<SamplePlannerStrings>;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase') || changed.has('client') || changed.has('cycleId') || changed.has('token')) void this.load();
  }

  private get api(): PlanningClient | undefined {
    if (this.client) return this.client;
    if (!this.apiBase) return undefined;
    const token = this.token;
    return new PlanningHttpClient({ baseUrl: this.apiBase, headers: token ? () => ({ Authorization: `Bearer ${token}` }) : undefined });
  }

  private heading(offset: number, content: unknown): TemplateResult {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2) + offset);
    return html`<div class="heading heading--${offset}" role="heading" aria-level=${level}>${content}</div>`;
  }

  private fail(error: unknown): void {
    if (error instanceof QaApiError && error.problem.errors?.length) this.errors = error.problem.errors;
    else this.errors = [{ field: '', message: describeError(error) }];
    this.message = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus());
  }

  /** Loads the cycle's sample, allocations and progress, and the sums for the current choices. */
  async load(): Promise<void> {
    const api = this.api;
    if (!api || !this.cycleId) return;
    try {
      this.sample = await api.getSample(this.cycleId);
      if (this.sample) {
        [this.allocations, this.progress] = await Promise.all([api.listAllocations(this.cycleId), api.getProgress(this.cycleId)]);
      } else {
        await this.refreshPlan();
      }
      this.loaded = true;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = describeError(error);
    }
  }

  private async refreshPlan(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const margin = Number(this.margin);
    const validMargin = this.margin.trim() !== '' && margin > 0 && margin < 100;
    try {
      this.plan = await api.getSamplePlan(this.cycleId, { population: this.population, ...(this.method !== 'all' && this.size > 0 ? { size: this.size } : {}), ...(validMargin ? { margin } : {}) });
    } catch (error) {
      this.fail(error);
    }
  }

  private sampleBody(): DrawSampleBody | undefined {
    const errors: { field: string; message: string }[] = [];
    if (this.method !== 'all' && !(Number.isInteger(this.size) && this.size >= 1)) errors.push({ field: 'sample.size', message: 'Enter a sample size of at least 1' });
    if (this.method === 'at-least' && !(Number.isInteger(this.atLeast) && this.atLeast >= 1)) errors.push({ field: 'sample.atLeast', message: 'Enter at least 1 per group' });
    const seed = this.seed.trim() === '' ? undefined : Number(this.seed);
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 4294967295)) errors.push({ field: 'seed', message: 'Enter a whole number from 0 to 4294967295, or leave the seed blank' });
    if (errors.length > 0) { this.fail(new QaApiError(422, { type: '', title: '', status: 422, errors })); return undefined; }
    const sample = this.method === 'all' ? { method: 'all' as const }
      : this.method === 'random' ? { method: 'random' as const, size: this.size }
      : this.method === 'proportional' ? { method: 'proportional' as const, size: this.size, stratifyBy: this.stratifyBy }
      : { method: 'at-least' as const, size: this.size, stratifyBy: this.stratifyBy, atLeast: this.atLeast };
    return { population: this.population, sample, ...(seed !== undefined ? { seed } : {}) };
  }

  private async draw(): Promise<void> {
    const api = this.api;
    const body = this.sampleBody();
    if (!api || !body) return;
    this.busy = true;
    try {
      const sample = await api.drawSample(this.cycleId, body);
      this.sample = sample;
      this.errors = [];
      this.message = mergeStrings(samplePlannerStrings, this.strings).drawn(sample.planRefs.length, sample.populationSize);
      this.progress = await api.getProgress(this.cycleId);
      this.dispatchEvent(new SampleDrawnEvent(sample));
      qaBus.emit('sample-drawn', { cycleId: this.cycleId, sample });
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private addAuditor(): void {
    const id = this.newAuditorId.trim();
    if (!id) { this.fail(new QaApiError(422, { type: '', title: '', status: 422, errors: [{ field: 'auditorId', message: "Enter the auditor's user id" }] })); return; }
    if (this.auditors.some((a) => a.auditorId === id)) { this.fail(new QaApiError(422, { type: '', title: '', status: 422, errors: [{ field: 'auditorId', message: `${id} is already in the list` }] })); return; }
    this.auditors = [...this.auditors, { auditorId: id, agency: this.newAgency }];
    this.newAuditorId = '';
    this.errors = [];
    this.message = '';
  }

  private async afterAllocation(changed: Allocation[]): Promise<void> {
    const api = this.api!;
    [this.allocations, this.progress] = await Promise.all([api.listAllocations(this.cycleId), api.getProgress(this.cycleId)]);
    this.errors = [];
    this.dispatchEvent(new AllocationsChangedEvent(changed));
    qaBus.emit('allocations-changed', { cycleId: this.cycleId, allocations: changed });
  }

  private async balance(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const errors: { field: string; message: string }[] = [];
    if (this.auditors.length === 0) errors.push({ field: 'auditors', message: 'Add at least one auditor' });
    if (!this.dueDate) errors.push({ field: 'dueDate', message: 'Enter a due date' });
    if (errors.length > 0) { this.fail(new QaApiError(422, { type: '', title: '', status: 422, errors })); return; }
    this.busy = true;
    try {
      const made = await api.allocate(this.cycleId, { mode: 'balanced', auditors: this.auditors, dueDate: this.dueDate });
      await this.afterAllocation(made);
      this.message = `${made.length} plans allocated.`;
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private async saveReassign(a: Allocation): Promise<void> {
    const api = this.api;
    const edit = this.editing;
    if (!api || !edit) return;
    this.busy = true;
    try {
      const moved = await api.reassign(this.cycleId, a.id, { auditorId: edit.auditorId.trim(), agency: edit.agency, dueDate: edit.dueDate }, a.version);
      this.editing = undefined;
      await this.afterAllocation([moved]);
      this.message = mergeStrings(samplePlannerStrings, this.strings).saved;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>(`[data-reassign="${a.id}"]`)?.focus();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
    }
  }

  private errorSummary(s: SamplePlannerStrings): TemplateResult | typeof nothing {
    if (this.errors.length === 0) return nothing;
    return html`<div class="error-summary" role="alert" tabindex="-1">
      <div class="heading" role="heading" aria-level=${Math.min(6, this.headingLevel + 1)}>${s.errorTitle}</div>
      <ul>${this.errors.map((e) => html`<li>${e.field ? html`<strong>${e.field}</strong>: ` : nothing}${e.message}</li>`)}</ul>
    </div>`;
  }

  private sampleForm(s: SamplePlannerStrings): TemplateResult {
    const onChange = (fn: () => void) => () => { fn(); void this.refreshPlan(); };
    const plan = this.plan;
    return html`<section part="sample">
      ${this.heading(1, s.sampleHeading)}
      <fieldset>
        <legend class="legend">${s.populationLegend}</legend>
        ${(['all', 'new'] as const).map((p) => html`<div class="radio">
          <input type="radio" id="population-${p}" name="population" value=${p} .checked=${this.population === p} @change=${onChange(() => { this.population = p; })}>
          <label for="population-${p}">${p === 'all' ? s.populationAll : s.populationNew}</label>
        </div>`)}
      </fieldset>
      <div class="fields">
        <div class="field">
          <label class="label" for="method">${s.methodLabel}</label>
          <select id="method" @change=${onChange(() => { this.method = (this.renderRoot.querySelector<HTMLSelectElement>('#method')!).value as Method; })}>
            ${(['all', 'random', 'proportional', 'at-least'] as const).map((m) => html`<option value=${m} ?selected=${this.method === m}>${s.methods[m]}</option>`)}
          </select>
        </div>
        ${this.method === 'all' ? nothing : html`<div class="field">
          <label class="label" for="size">${s.sizeLabel}</label>
          <input type="number" id="size" min="1" step="1" inputmode="numeric" .value=${String(this.size)} @change=${onChange(() => { this.size = Number((this.renderRoot.querySelector<HTMLInputElement>('#size')!).value); })}>
        </div>`}
        ${this.method === 'proportional' || this.method === 'at-least' ? html`<div class="field">
          <label class="label" for="stratify">${s.stratifyLabel}</label>
          <select id="stratify" @change=${() => { this.stratifyBy = (this.renderRoot.querySelector<HTMLSelectElement>('#stratify')!).value as StratifyBy; }}>
            ${(['phase', 'primaryNeed', 'teamRef', 'caseworkerRef'] as const).map((k) => html`<option value=${k} ?selected=${this.stratifyBy === k}>${s.strata[k]}</option>`)}
          </select>
        </div>` : nothing}
        ${this.method === 'at-least' ? html`<div class="field">
          <label class="label" for="at-least">${s.atLeastLabel}</label>
          <input type="number" id="at-least" min="1" step="1" .value=${String(this.atLeast)} @change=${() => { this.atLeast = Number((this.renderRoot.querySelector<HTMLInputElement>('#at-least')!).value); }}>
        </div>` : nothing}
        <div class="field">
          <label class="label" for="margin">${s.marginLabel}</label>
          <p class="hint" id="margin-hint">${s.marginHint}</p>
          <input type="number" id="margin" min="1" max="50" step="any" aria-describedby="margin-hint" .value=${this.margin} @change=${onChange(() => { this.margin = (this.renderRoot.querySelector<HTMLInputElement>('#margin')!).value; })}>
        </div>
        <div class="field">
          <label class="label" for="seed">${s.seedLabel}</label>
          <p class="hint" id="seed-hint">${s.seedHint}</p>
          <input type="text" id="seed" inputmode="numeric" aria-describedby="seed-hint" .value=${this.seed} @change=${() => { this.seed = (this.renderRoot.querySelector<HTMLInputElement>('#seed')!).value; }}>
        </div>
      </div>
      ${plan ? html`<div class="buys" role="status" aria-live="polite" data-buys>
        ${this.heading(2, s.buysHeading)}
        <p>${s.eligible(plan.populationSize)}</p>
        ${plan.size !== null && plan.marginOfError !== null ? html`<p data-figure="margin">${s.buys(plan.size, points(plan.marginOfError))}</p>` : nothing}
        ${plan.margin !== null && plan.sizeForMargin !== null ? html`<p data-figure="needed">${s.needs(String(plan.margin), plan.sizeForMargin)}</p>` : nothing}
      </div>
      ${plan.table.length > 0 ? html`<table>
        <caption>${s.tableCaption}</caption>
        <thead><tr><th scope="col" class="num">${s.columnSize}</th><th scope="col" class="num">${s.columnMargin}</th></tr></thead>
        <tbody>${plan.table.map((r) => html`<tr><td class="num">${r.size}</td><td class="num">±${points(r.marginOfError)}</td></tr>`)}</tbody>
      </table>` : nothing}` : nothing}
      <button type="button" class="button" id="draw" ?disabled=${this.busy} @click=${() => this.draw()}>${s.draw}</button>
    </section>`;
  }

  private sampleSummary(s: SamplePlannerStrings, sample: Sample): TemplateResult {
    const method = sample.sample;
    return html`<section part="sample">
      ${this.heading(1, s.sampleHeading)}
      <p data-sample-summary>${s.drawn(sample.planRefs.length, sample.populationSize)}</p>
      <dl>
        <dt>${s.method}</dt><dd>${s.methods[method.method]}${'stratifyBy' in method ? ` (${s.strata[method.stratifyBy]})` : ''}</dd>
        <dt>${s.seed}</dt><dd data-seed>${sample.seed}</dd>
        <dt>${s.margin}</dt><dd>±${points(sample.marginOfError)}</dd>
      </dl>
      ${sample.strata.length > 1 ? html`<table>
        <caption>${s.strataCaption}</caption>
        <thead><tr><th scope="col">${s.columnGroup}</th><th scope="col" class="num">${s.columnPopulation}</th><th scope="col" class="num">${s.columnSampled}</th></tr></thead>
        <tbody>${sample.strata.map((g) => html`<tr><th scope="row">${g.stratum}</th><td class="num">${g.population}</td><td class="num">${g.sampled}</td></tr>`)}</tbody>
      </table>` : nothing}
    </section>`;
  }

  private allocationRow(s: SamplePlannerStrings, a: Allocation): TemplateResult {
    const edit = this.editing?.id === a.id ? this.editing : undefined;
    const row = html`<tr data-allocation=${a.id}>
      <th scope="row">${a.planRef}</th>
      <td>${a.auditorId} (${s.agencies[a.agency]})</td>
      <td>${a.dueDate}</td>
      <td><span class="tag">${s.state[a.state]}</span>${a.overdue ? html`<span class="tag tag--overdue">${s.overdue}</span>` : nothing}</td>
      <td><button type="button" class="button button--secondary" data-reassign=${a.id} aria-label=${s.reassignLabel(a.planRef)} aria-expanded=${edit ? 'true' : 'false'}
        @click=${() => { this.editing = edit ? undefined : { id: a.id, auditorId: a.auditorId, agency: a.agency, dueDate: a.dueDate }; void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#reassign-auditor')?.focus()); }}>${s.reassign}</button></td>
    </tr>`;
    if (!edit) return row;
    return html`${row}<tr><td colspan="5">
      <fieldset>
        <legend class="legend">${s.reassignLegend(a.planRef)}</legend>
        <div class="fields">
          <div class="field"><label class="label" for="reassign-auditor">${s.auditorIdLabel}</label>
            <input type="text" id="reassign-auditor" .value=${edit.auditorId} @input=${(e: Event) => { this.editing = { ...edit, auditorId: (e.target as HTMLInputElement).value }; }}></div>
          <div class="field"><label class="label" for="reassign-agency">${s.agencyLabel}</label>
            <select id="reassign-agency" @change=${(e: Event) => { this.editing = { ...edit, agency: (e.target as HTMLSelectElement).value as Agency }; }}>
              ${AGENCIES.map((g) => html`<option value=${g} ?selected=${edit.agency === g}>${s.agencies[g]}</option>`)}
            </select></div>
          <div class="field"><label class="label" for="reassign-due">${s.dueDateLabel}</label>
            <input type="date" id="reassign-due" .value=${edit.dueDate} @change=${(e: Event) => { this.editing = { ...edit, dueDate: (e.target as HTMLInputElement).value }; }}></div>
        </div>
        <button type="button" class="button" id="reassign-save" ?disabled=${this.busy} @click=${() => this.saveReassign(a)}>${s.save}</button>
        <button type="button" class="button button--secondary" @click=${() => { this.editing = undefined; }}>${s.cancel}</button>
      </fieldset>
    </td></tr>`;
  }

  private allocate(s: SamplePlannerStrings, sample: Sample): TemplateResult {
    const unallocated = sample.planRefs.length - this.allocations.length;
    return html`<section part="allocate">
      ${this.heading(1, s.allocateHeading)}
      ${unallocated > 0 ? html`<p data-unallocated>${s.unallocated(unallocated)}</p>
      <fieldset>
        <legend class="legend">${s.auditorsLegend}</legend>
        ${this.auditors.length === 0 ? html`<p>${s.noAuditors}</p>` : html`<ul class="auditors">${this.auditors.map((a) => html`<li>
          <span>${a.auditorId} (${s.agencies[a.agency]})</span>
          <button type="button" class="link-button" @click=${() => { this.auditors = this.auditors.filter((x) => x !== a); }}>${s.removeAuditor(a.auditorId)}</button>
        </li>`)}</ul>`}
        <div class="fields">
          <div class="field"><label class="label" for="auditor-id">${s.auditorIdLabel}</label>
            <input type="text" id="auditor-id" .value=${this.newAuditorId} @input=${(e: Event) => { this.newAuditorId = (e.target as HTMLInputElement).value; }}
              @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); this.addAuditor(); } }}></div>
          <div class="field"><label class="label" for="auditor-agency">${s.agencyLabel}</label>
            <select id="auditor-agency" @change=${(e: Event) => { this.newAgency = (e.target as HTMLSelectElement).value as Agency; }}>
              ${AGENCIES.map((g) => html`<option value=${g} ?selected=${this.newAgency === g}>${s.agencies[g]}</option>`)}
            </select></div>
        </div>
        <button type="button" class="button button--secondary" id="add-auditor" @click=${() => this.addAuditor()}>${s.addAuditor}</button>
      </fieldset>
      <div class="field form-group">
        <label class="label" for="due-date">${s.dueDateLabel}</label>
        <input type="date" id="due-date" .value=${this.dueDate} @change=${(e: Event) => { this.dueDate = (e.target as HTMLInputElement).value; }}>
      </div>
      <button type="button" class="button" id="balance" ?disabled=${this.busy} @click=${() => this.balance()}>${s.balance}</button>` : nothing}
      ${this.allocations.length > 0 ? html`<table>
        <caption>${s.allocationsCaption}</caption>
        <thead><tr><th scope="col">${s.columnPlan}</th><th scope="col">${s.columnAuditor}</th><th scope="col">${s.columnDue}</th><th scope="col">${s.columnState}</th><th scope="col">${s.columnAction}</th></tr></thead>
        <tbody>${this.allocations.map((a) => this.allocationRow(s, a))}</tbody>
      </table>` : nothing}
    </section>`;
  }

  private countsTable(s: SamplePlannerStrings, caption: string, rows: (ProgressCounts & { name: string })[], key: string, first: string): TemplateResult {
    return html`<table data-table=${key}>
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${first}</th><th scope="col" class="num">${s.columnAllocated}</th><th scope="col" class="num">${s.columnAudited}</th><th scope="col" class="num">${s.columnInProgress}</th><th scope="col" class="num">${s.columnNotStarted}</th><th scope="col" class="num">${s.columnOverdue}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><th scope="row">${r.name}</th><td class="num">${r.allocated}</td><td class="num">${r.audited}</td><td class="num">${r.inProgress}</td><td class="num">${r.notStarted}</td><td class="num">${r.overdue}</td></tr>`)}</tbody>
    </table>`;
  }

  private progressView(s: SamplePlannerStrings, p: CycleProgress): TemplateResult {
    return html`<section part="progress">
      ${this.heading(1, s.progressHeading)}
      <p class="progress-line" data-progress>${s.progress(p.total.audited, p.total.allocated, p.total.inProgress, p.total.overdue)}</p>
      ${p.byAuditor.length > 0 ? this.countsTable(s, s.byAuditorCaption, p.byAuditor.map((a) => ({ ...a, name: `${a.auditorId} (${s.agencies[a.agency]})` })), 'auditor', s.columnAuditor) : nothing}
      ${p.byAgency.length > 0 ? this.countsTable(s, s.byAgencyCaption, p.byAgency.map((a) => ({ ...a, name: s.agencies[a.agency] ?? a.agency })), 'agency', s.agencyLabel) : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    const s = mergeStrings(samplePlannerStrings, this.strings);
    if (this.loadError) return html`<div part="base">${this.heading(0, s.title)}<div class="error-summary" role="alert"><p>${s.loadFailed}</p><p>${this.loadError}</p></div></div>`;
    if (!this.loaded) return html`<div part="base">${this.heading(0, s.title)}<p role="status">${s.loading}</p></div>`;
    return html`<div part="base">
      ${this.heading(0, s.title)}
      ${this.errorSummary(s)}
      <p class="visually-hidden" role="status">${this.message}</p>
      ${this.sample ? this.sampleSummary(s, this.sample) : this.sampleForm(s)}
      ${this.sample ? this.allocate(s, this.sample) : nothing}
      ${this.sample && this.progress ? this.progressView(s, this.progress) : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-sample-planner': EhcpSamplePlanner;
  }
  interface HTMLElementEventMap {
    'ehcp-sample-drawn': SampleDrawnEvent;
    'ehcp-allocations-changed': AllocationsChangedEvent;
  }
}
