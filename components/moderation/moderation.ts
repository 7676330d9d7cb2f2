import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { allowedGrades, findSection, gradeLabel } from '../../criteria/grading.js';
import type { Framework } from '../../criteria/schema.js';
import { chartFigure, chartLegend, stackedBarChart, type BarSegment } from '../shared/charts/index.js';
import { consume } from '@lit/context';
import type { QaClient } from '../shared/api.js';
import { connect, describeError, type Connection } from '../shared/client-host.js';
import { qaClientContext } from '../shared/context.js';
import { gradeBadge } from '../shared/grade.js';
import { bareSectionTitle } from '../shared/section-title.js';
import { mergeStrings } from '../shared/strings.js';
import {
  ModerationHttpClient,
  type ModerationClient,
  type ModerationDetail,
  type ModerationSectionComparison,
  type ModerationSide,
  type ModerationStatsResponse,
  type ResolveModerationBody,
} from './moderation-client.js';
import { moderationStrings, type ModerationStrings } from './moderation.strings.js';
import styles from './moderation.styles.js';

/** Everything the element shows, when the host supplies it instead of an API. */
export interface ModerationData {
  framework: Framework;
  /** Moderated pairs with both audits; those `awaiting-resolution` are listed for resolving. */
  moderations: ModerationDetail[];
  stats?: ModerationStatsResponse;
}

/** Fired when the moderator saves agreed grades. Cancel it to stop the element saving. */
export class ModerationResolveEvent extends Event {
  static readonly eventName = 'ehcp-moderation-resolve';
  constructor(readonly moderationId: string, readonly body: ResolveModerationBody) {
    super(ModerationResolveEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired after agreed grades were saved (through the client, or locally in data mode). */
export class ModerationResolvedEvent extends Event {
  static readonly eventName = 'ehcp-moderation-resolved';
  constructor(readonly moderation: ModerationDetail) {
    super(ModerationResolvedEvent.eventName, { bubbles: true, composed: true });
  }
}

const percent = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);
const fixed = (x: number, digits = 2) => x.toFixed(digits);

/**
 * Moderation for a moderator: the pairs of audits awaiting resolution, both audits of
 * a plan side by side with every difference marked in words, an agreed grade chosen
 * per section (radio buttons, so the keyboard alone is enough), and the consistency
 * figures for a cycle: agreement per section (chart and table), weighted kappa,
 * Krippendorff's alpha, and a table of auditors with their tendency.
 *
 * Give it `data` (framework, moderations, stats), or `api-base` (or `client`) and
 * `cycle-id` to load them from the adapter.
 *
 * @summary Compare double audits, record agreed grades, and see which auditors are consistent.
 *
 * @event ehcp-moderation-resolve - The moderator saves agreed grades; cancel to stop the save. `moderationId`, `body`.
 * @event ehcp-moderation-resolved - Agreed grades were saved. `moderation`.
 *
 * @csspart base - The whole element.
 * @csspart pending - The table of pairs awaiting resolution.
 * @csspart comparison - The side-by-side comparison form.
 * @csspart stats - The consistency figures.
 * @csspart chart - The agreement-per-section chart.
 *
 * @cssproperty --ehcp-grade-<colour> - Background of a grade badge and of a chart segment (`blue`, `yellow`, `orange` for agreement).
 */
@customElement('ehcp-moderation')
export class EhcpModeration extends LitElement {
  static override styles = styles;

  @consume({ context: qaClientContext, subscribe: true })
  @state()
  private providedClient?: QaClient;
  @state() private loaded?: ModerationData;
  @state() private selected?: ModerationDetail;
  @state() private choices: Record<string, string> = {};
  @state() private notes: Record<string, string> = {};
  @state() private overallNote = '';
  @state() private errors: { sectionId: string; message: string }[] = [];
  @state() private saving = false;
  @state() private message = '';
  @state() private loadError?: string;
  @state() private loading = false;

  /** Framework, moderated pairs and statistics supplied by the host. Takes precedence over loading. */
  @property({ attribute: false }) data?: ModerationData;
  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Bearer token for the default client (property only). Until it is set, an element with only `api-base` waits. */
  @property({ attribute: false }) token?: string;
  /** `same-origin` or `include` when the adapter signs users in with a cookie: the default client then sends requests without a token. */
  @property() credentials = '';
  /** A client to use instead of the provided or default one. */
  @property({ attribute: false }) client?: ModerationClient;
  /** The audit cycle to moderate and report on. */
  @property({ attribute: 'cycle-id' }) cycleId = '';
  /** Shows comparisons without the form to agree grades (for readers such as managers). */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Hides the element's own title, for a page that already has one; sub-headings keep their levels. */
  @property({ type: Boolean, attribute: 'no-title' }) noTitle = false;
  /** Heading level of the title (1 to 4); sub-headings follow. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides; see `moderationStrings`. */
  @property({ attribute: false }) strings?: Partial<ModerationStrings>;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['apiBase', 'client', 'providedClient', 'cycleId', 'token', 'credentials'] as (keyof EhcpModeration)[];
    if (!this.data && inputs.some((k) => changed.has(k))) void this.load();
  }

  private get connection(): Connection<ModerationClient> {
    return connect<ModerationClient>({
      own: this.client, provided: this.providedClient, apiBase: this.apiBase, token: this.token, credentials: this.credentials,
      fromHttp: (options) => new ModerationHttpClient(options),
    });
  }

  private get api(): ModerationClient | undefined {
    const connection = this.connection;
    return connection.kind === 'client' ? connection.client : undefined;
  }

  private get view(): ModerationData | undefined {
    return this.data ?? this.loaded;
  }

  private heading(offset: number, content: unknown, id?: string, focusable = false): TemplateResult {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2) + offset);
    return html`<div class="heading heading--${offset}" role="heading" aria-level=${level} id=${id ?? nothing} tabindex=${focusable ? '-1' : nothing}>${content}</div>`;
  }

  private sectionTitle(framework: Framework, sectionId: string): string {
    const section = findSection(framework, sectionId);
    return section ? `Section ${section.id}: ${bareSectionTitle(section)}` : `Section ${sectionId}`;
  }

  private criterionText(framework: Framework, id: string): string {
    for (const section of framework.sections) {
      const found = section.criteria.find((c) => c.id === id);
      if (found) return found.text;
    }
    return id;
  }

  /** Loads the pairs, the framework and the statistics of `cycle-id` through the client. */
  async load(): Promise<void> {
    const api = this.api;
    if (!api || this.data) return;
    this.loading = true;
    this.loadError = undefined;
    try {
      const query = this.cycleId ? { cycleId: this.cycleId } : {};
      const [list, stats] = await Promise.all([api.listModerations({ ...query, status: 'awaiting-resolution' }), api.getModerationStats(query)]);
      const first = list.items[0];
      const frameworkRef = first ?? stats;
      const framework = await api.getFramework(frameworkRef.frameworkId, frameworkRef.frameworkVersion);
      // The list has summaries; comparisons are fetched when a pair is opened.
      this.loaded = { framework, moderations: list.items.map((m) => ({ ...m, sections: [], note: null, resolvedBy: null, cancelledBy: null, cancelReason: null })), stats };
    } catch (error) {
      this.loadError = describeError(error);
    } finally {
      this.loading = false;
    }
  }

  private async open(id: string): Promise<void> {
    const view = this.view;
    if (!view) return;
    let detail = view.moderations.find((m) => m.id === id);
    this.message = '';
    this.errors = [];
    if (!this.data && this.api) {
      try {
        detail = await this.api.getModeration(id);
      } catch (error) {
        this.loadError = describeError(error);
        return;
      }
    }
    if (!detail) return;
    this.selected = detail;
    this.choices = Object.fromEntries(
      detail.sections.flatMap((s) => {
        if (s.agreed) return [[s.sectionId, s.agreed.grade]];
        if (s.gradesAgree && s.first.grade) return [[s.sectionId, s.first.grade]];
        return [];
      }),
    );
    this.notes = Object.fromEntries(detail.sections.filter((s) => s.agreed?.note).map((s) => [s.sectionId, s.agreed!.note!]));
    this.overallNote = detail.note ?? '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#comparison-heading')?.focus();
  }

  private async back(): Promise<void> {
    const id = this.selected?.id;
    this.selected = undefined;
    this.errors = [];
    await this.updateComplete;
    const button = id ? this.renderRoot.querySelector<HTMLElement>(`button[data-moderation="${CSS.escape(id)}"]`) : null;
    (button ?? this.renderRoot.querySelector<HTMLElement>('#pending-heading'))?.focus();
  }

  private needsAgreement(s: ModerationSectionComparison): boolean {
    return s.first.grade !== null || s.second.grade !== null;
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const detail = this.selected;
    const view = this.view;
    if (!detail || !view || this.saving) return;
    const s = mergeStrings(moderationStrings, this.strings);
    this.errors = detail.sections
      .filter((section) => this.needsAgreement(section) && !this.choices[section.sectionId])
      .map((section) => ({ sectionId: section.sectionId, message: s.chooseGrade(section.sectionId) }));
    if (this.errors.length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
      return;
    }
    const body: ResolveModerationBody = {
      sections: Object.fromEntries(
        detail.sections
          .filter((section) => this.choices[section.sectionId])
          .map((section) => {
            const note = this.notes[section.sectionId]?.trim();
            return [section.sectionId, note ? { grade: this.choices[section.sectionId]!, note } : { grade: this.choices[section.sectionId]! }];
          }),
      ),
      ...(this.overallNote.trim() ? { note: this.overallNote.trim() } : {}),
    };
    if (!this.dispatchEvent(new ModerationResolveEvent(detail.id, body))) return;
    this.saving = true;
    try {
      let resolved: ModerationDetail;
      if (!this.data && this.api) {
        resolved = await this.api.resolveModeration(detail.id, body, detail.version);
      } else {
        resolved = {
          ...detail,
          status: 'resolved',
          resolvedAt: new Date().toISOString(),
          note: body.note ?? null,
          version: detail.version + 1,
          sections: detail.sections.map((section) => {
            const agreed = body.sections[section.sectionId];
            return { ...section, agreed: agreed ? { grade: agreed.grade, note: agreed.note ?? null } : null };
          }),
        };
        const moderations = view.moderations.map((m) => (m.id === resolved.id ? resolved : m));
        if (this.data) this.data = { ...this.data, moderations };
        else this.loaded = { ...view, moderations };
      }
      this.selected = resolved;
      this.message = s.resolved(detail.planRef);
      this.dispatchEvent(new ModerationResolvedEvent(resolved));
      if (!this.data) void this.load();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.message')?.focus();
    } catch (error) {
      this.errors = [{ sectionId: '', message: describeError(error) }];
    } finally {
      this.saving = false;
    }
  }

  private renderPending(view: ModerationData, s: ModerationStrings): TemplateResult {
    const pending = view.moderations.filter((m) => m.status === 'awaiting-resolution');
    return html`<section aria-labelledby="pending-heading" part="pending">
      ${this.heading(1, s.pendingHeading, 'pending-heading', true)}
      ${pending.length === 0
        ? html`<p>${s.noPending}</p>`
        : html`<table>
            <caption class="visually-hidden">${s.pendingCaption}</caption>
            <thead><tr><th scope="col">${s.columnPlan}</th><th scope="col">${s.columnFirst}</th><th scope="col">${s.columnSecond}</th>
              <th scope="col" class="number">${s.columnDiffering}</th><th scope="col"><span class="visually-hidden">${s.columnAction}</span></th></tr></thead>
            <tbody>${pending.map((m) => html`<tr>
              <th scope="row">${m.planRef}</th><td>${m.firstAuditorId}</td><td>${m.secondAuditorId}</td>
              <td class="number">${m.differingSections ?? '–'}</td>
              <td><button class="button button--secondary" type="button" data-moderation=${m.id} aria-label=${s.compareLabel(m.planRef)}
                @click=${() => this.open(m.id)}>${s.compare}</button></td>
            </tr>`)}</tbody>
          </table>`}
    </section>`;
  }

  private renderSide(framework: Framework, label: string, side: ModerationSide, only: readonly string[], s: ModerationStrings): TemplateResult {
    const onlySet = new Set(only);
    return html`<div class="side">
      <div class="side__label">${label}</div>
      <p>${side.grade ? gradeBadge(framework, side.grade, 'badge') : html`<span class="muted">${s.notGraded}</span>`}</p>
      ${side.suggestedGrade && side.grade && side.suggestedGrade !== side.grade ? html`<p class="small muted">${s.suggested(gradeLabel(framework, side.suggestedGrade))}</p>` : nothing}
      <p class="small"><strong>${s.criteriaTicked}</strong></p>
      ${side.criteriaMet.length
        ? html`<ul class="small">${side.criteriaMet.map((id) => onlySet.has(id)
            ? html`<li class="only" data-only=${id}>${this.criterionText(framework, id)} <span class="only__tag">(${s.onlyThisAuditor})</span></li>`
            : html`<li>${this.criterionText(framework, id)}</li>`)}</ul>`
        : html`<p class="small muted">${s.noCriteria}</p>`}
      ${side.overrideReason ? html`<p class="small"><strong>${s.reason}:</strong> <span class="user-text">${side.overrideReason}</span></p>` : nothing}
      ${side.comment ? html`<p class="small"><strong>${s.comment}:</strong> <span class="user-text">${side.comment}</span></p>` : nothing}
    </div>`;
  }

  private renderSection(framework: Framework, detail: ModerationDetail, section: ModerationSectionComparison, s: ModerationStrings): TemplateResult {
    const frameworkSection = findSection(framework, section.sectionId);
    const grades = frameworkSection ? allowedGrades(framework, frameworkSection) : framework.scale.levels.map((l) => l.id);
    const readonly = detail.status === 'resolved' || this.readonly;
    const error = this.errors.find((e) => e.sectionId === section.sectionId);
    const differs = !section.gradesAgree;
    const titleId = `title-${section.sectionId}`;
    return html`<div class="section ${differs ? 'section--differs' : ''}" data-section=${section.sectionId} role="group" aria-labelledby=${titleId}>
      <div class="section__title">
        ${this.heading(2, this.sectionTitle(framework, section.sectionId), titleId)}
        <span class="flag ${differs ? 'flag--differs' : ''}" data-flag=${differs ? 'differs' : 'agrees'}>${differs ? `≠ ${s.gradesDiffer}` : `= ${s.gradesAgree}`}</span>
      </div>
      <div class="sides">
        ${this.renderSide(framework, s.firstAuditor, section.first, section.criteriaOnlyFirst, s)}
        ${this.renderSide(framework, s.secondAuditor, section.second, section.criteriaOnlySecond, s)}
      </div>
      ${readonly
        ? html`<p><strong>${s.agreedGrade}:</strong> ${section.agreed ? gradeBadge(framework, section.agreed.grade, 'badge') : html`<span class="muted">${s.notAgreedYet}</span>`}
            ${section.agreed?.note ? html`<span class="user-text">${section.agreed.note}</span>` : nothing}</p>`
        : this.needsAgreement(section)
          ? html`<fieldset class="form-group ${error ? 'form-group--error' : ''}" aria-describedby=${error ? `error-${section.sectionId}` : nothing}>
              <legend class="legend">${s.agreedGradeLegend(section.sectionId)}</legend>
              ${error ? html`<p class="error-message" id="error-${section.sectionId}"><span class="visually-hidden">Error:</span> ${error.message}</p>` : nothing}
              <div class="radios">${grades.map((grade) => {
                const id = `agreed-${section.sectionId}-${grade}`;
                const whose = [grade === section.first.grade ? s.gradeOfFirst : '', grade === section.second.grade ? s.gradeOfSecond : ''].filter(Boolean).join(', ');
                return html`<div class="radio"><input type="radio" id=${id} name="agreed-${section.sectionId}" .value=${grade}
                    .checked=${this.choices[section.sectionId] === grade}
                    @change=${() => { this.choices = { ...this.choices, [section.sectionId]: grade }; }} />
                  <label for=${id}>${gradeLabel(framework, grade)}${whose ? html` <span class="muted">(${whose})</span>` : nothing}</label></div>`;
              })}</div>
              <label class="label small" for="note-${section.sectionId}">${s.sectionNote(section.sectionId)}</label>
              <textarea class="note" id="note-${section.sectionId}" rows="2" .value=${this.notes[section.sectionId] ?? ''}
                @input=${(e: Event) => { this.notes = { ...this.notes, [section.sectionId]: (e.target as HTMLTextAreaElement).value }; }}></textarea>
            </fieldset>`
          : html`<p class="muted">${s.notGraded}</p>`}
    </div>`;
  }

  private renderComparison(view: ModerationData, detail: ModerationDetail, s: ModerationStrings): TemplateResult {
    const framework = view.framework;
    const resolved = detail.status === 'resolved';
    const readonly = resolved || this.readonly;
    return html`<section aria-labelledby="comparison-heading" part="comparison">
      ${this.heading(1, s.comparisonHeading(detail.planRef), 'comparison-heading', true)}
      <p>${s.firstAuditor}: <strong>${detail.firstAuditorId}</strong> · ${s.secondAuditor}: <strong>${detail.secondAuditorId}</strong></p>
      <p><button class="link-button" type="button" @click=${() => this.back()}>${s.backToList}</button></p>
      ${this.message ? html`<div class="message" role="status" tabindex="-1">${this.message}</div>` : nothing}
      ${this.errors.length
        ? html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
            <p id="error-summary-title"><strong>${s.errorSummary}</strong></p>
            <ul>${this.errors.map((e) => html`<li>${e.sectionId
              ? html`<a href="#agreed-${e.sectionId}" @click=${(ev: Event) => { ev.preventDefault(); this.renderRoot.querySelector<HTMLInputElement>(`input[name="agreed-${e.sectionId}"]`)?.focus(); }}>${e.message}</a>`
              : e.message}</li>`)}</ul>
          </div>`
        : nothing}
      ${resolved && !this.message ? html`<p>${s.alreadyResolved}</p>` : nothing}
      <form @submit=${(e: Event) => this.save(e)} novalidate>
        ${detail.sections.map((section) => this.renderSection(framework, detail, section, s))}
        ${readonly
          ? (detail.note ? html`<p><strong>${s.overallNote}:</strong> <span class="user-text">${detail.note}</span></p>` : nothing)
          : html`<div class="form-group">
              <label class="label" for="overall-note">${s.overallNote}</label>
              <textarea id="overall-note" class="note" rows="3" .value=${this.overallNote} @input=${(e: Event) => { this.overallNote = (e.target as HTMLTextAreaElement).value; }}></textarea>
            </div>
            <button class="button" type="submit" ?disabled=${this.saving}>${this.saving ? s.saving : s.save}</button>`}
      </form>
    </section>`;
  }

  private renderChart(view: ModerationData, stats: ModerationStatsResponse, s: ModerationStrings): TemplateResult {
    const rows = stats.sections.filter((row) => row.compared > 0);
    const segmentsOf = (row: (typeof rows)[number]): BarSegment[] => {
      const exact = row.exactRate ?? 0;
      const within = (row.withinOneRate ?? 0) - exact;
      return [
        { key: 'exact', label: s.legendExact, value: exact, text: percent(exact), colour: 'blue', pattern: 'solid' },
        { key: 'within-one', label: s.legendWithinOne, value: within, text: percent(within), colour: 'yellow', pattern: 'diagonal' },
        { key: 'further', label: s.legendFurther, value: 1 - exact - within, text: percent(1 - exact - within), colour: 'orange', pattern: 'dots' },
      ];
    };
    const legend = segmentsOf(rows[0] ?? { ...stats.overall, sectionId: '', disagreements: 0 });
    return chartFigure({
      id: 'agreement',
      title: s.chartTitle,
      level: Math.min(4, Math.max(2, Math.trunc(this.headingLevel) + 2)) as 2 | 3 | 4,
      toggleLabel: s.showData,
      chart: stackedBarChart({
        id: 'agreement',
        title: s.chartTitle,
        description: s.chartDescription,
        labelWidth: 90,
        rows: rows.map((row) => ({ label: `Section ${row.sectionId}`, segments: segmentsOf(row), note: `n = ${row.compared}` })),
      }),
      legend: chartLegend('agreement', legend),
      table: html`<table>
        <caption class="visually-hidden">${s.chartTitle}</caption>
        <thead><tr><th scope="col">${s.columnSection}</th><th scope="col" class="number">${s.columnCompared}</th><th scope="col" class="number">${s.columnExact}</th>
          <th scope="col" class="number">${s.columnWithinOne}</th><th scope="col" class="number">${s.columnKappa}</th></tr></thead>
        <tbody>${stats.sections.map((row) => html`<tr data-section=${row.sectionId}>
          <th scope="row">${this.sectionTitle(view.framework, row.sectionId)}</th>
          <td class="number">${row.compared}</td><td class="number">${percent(row.exactRate)}</td><td class="number">${percent(row.withinOneRate)}</td>
          <td class="number">${row.kappa.value === null ? html`<span title=${row.kappa.reason}>–</span>` : fixed(row.kappa.value)}</td>
        </tr>`)}</tbody>
      </table>`,
    });
  }

  private renderStats(view: ModerationData, stats: ModerationStatsResponse, s: ModerationStrings): TemplateResult {
    const kappa = stats.overall.kappa;
    const alpha = stats.alpha;
    const direction = (d: string | null) => (d === 'higher' ? `▲ ${s.directionHigher}` : d === 'lower' ? `▼ ${s.directionLower}` : d === 'in-line' ? `= ${s.directionInLine}` : s.directionUnknown);
    return html`<section aria-labelledby="stats-heading" part="stats">
      ${this.heading(1, s.statsHeading, 'stats-heading')}
      <dl class="figures" aria-label=${s.statsSummaryCaption}>
        <div class="figure"><dt>${s.pairsModerated}</dt><dd data-figure="pairs">${stats.pairs}</dd></div>
        <div class="figure"><dt>${s.pairsResolved}</dt><dd data-figure="resolved">${stats.resolved}</dd></div>
        <div class="figure"><dt>${s.awaitingSecond}</dt><dd>${stats.awaitingSecondAudit}</dd></div>
        <div class="figure"><dt>${s.exactAgreement}</dt><dd data-figure="exact">${percent(stats.overall.exactRate)}</dd></div>
        <div class="figure"><dt>${s.withinOne}</dt><dd data-figure="within-one">${percent(stats.overall.withinOneRate)}</dd></div>
        <div class="figure"><dt>${s.kappa}</dt><dd data-figure="kappa">${kappa.value === null
          ? html`${s.notAvailable}<span class="small">${kappa.reason}</span>`
          : html`${fixed(kappa.value)}<span class="small">95% CI ${fixed(kappa.ci95[0])} to ${fixed(kappa.ci95[1])}, n = ${kappa.n}</span>`}</dd></div>
        <div class="figure"><dt>${s.alpha}</dt><dd data-figure="alpha">${alpha.value === null
          ? html`${s.notAvailable}<span class="small">${alpha.reason}</span>`
          : html`${fixed(alpha.value)}<span class="small">${alpha.units} plan sections, up to ${alpha.maxRatersPerUnit} auditors each</span>`}</dd></div>
      </dl>
      ${stats.overall.naMismatches ? html`<p class="small">${s.naDisagreements(stats.overall.naMismatches)}</p>` : nothing}
      ${this.renderChart(view, stats, s)}
      ${this.heading(2, s.auditorsHeading)}
      <table data-table="auditors">
        <caption class="visually-hidden">${s.auditorsCaption}</caption>
        <thead><tr><th scope="col">${s.columnAuditor}</th><th scope="col" class="number">${s.columnModerated}</th><th scope="col" class="number">${s.columnAgreement}</th>
          <th scope="col" class="number">${s.columnMeanDifference}</th><th scope="col">${s.columnDirection}</th></tr></thead>
        <tbody>${stats.auditors.map((a) => html`<tr data-auditor=${a.auditorId}>
          <th scope="row">${a.auditorId}</th><td class="number">${a.moderatedAudits}</td><td class="number">${percent(a.agreementWithAgreed)}</td>
          <td class="number">${a.meanSignedDifference === null ? '–' : `${a.meanSignedDifference > 0 ? '+' : ''}${fixed(a.meanSignedDifference)}`}</td>
          <td>${direction(a.direction)}</td>
        </tr>`)}</tbody>
      </table>
      ${this.heading(2, s.hotspotsHeading)}
      ${stats.mostDisagreedSections.length
        ? html`<ol data-list="hotspots">${stats.mostDisagreedSections.slice(0, 5).map((h) => html`<li>${this.sectionTitle(view.framework, h.sectionId)}: ${h.disagreements} of ${h.compared} pairs differ (${percent(h.disagreementRate)})</li>`)}</ol>`
        : html`<p>${s.noHotspots}</p>`}
      ${stats.criteriaTickedDifferently.length
        ? html`${this.heading(2, s.criteriaHeading)}
          <table data-table="criteria">
            <caption class="visually-hidden">${s.criteriaHeading}</caption>
            <thead><tr><th scope="col">${s.columnCriterion}</th><th scope="col" class="number">${s.columnTimes}</th></tr></thead>
            <tbody>${stats.criteriaTickedDifferently.map((c) => html`<tr><th scope="row"><span class="muted">${c.criterionId}</span> ${this.criterionText(view.framework, c.criterionId)}</th>
              <td class="number">${c.timesDifferent} of ${c.compared}</td></tr>`)}</tbody>
          </table>`
        : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    const s = mergeStrings(moderationStrings, this.strings);
    const view = this.view;
    if (!view) {
      if (this.loadError) {
        return html`<div part="base" role="alert"><p><strong>${s.loadFailed}</strong> ${this.loadError}</p>
          <button class="button button--secondary" type="button" @click=${() => this.load()}>${s.retry}</button></div>`;
      }
      const connection = this.connection;
      if (!this.loading && connection.kind === 'none') return html`<p part="base">${s.noClient}</p>`;
      if (!this.loading && connection.kind === 'waiting-for-token') return html`<p part="base" role="status">${s.waitingForToken}</p>`;
      return html`<p part="base" role="status">${this.loading ? s.loading : s.noData}</p>`;
    }
    return html`<div part="base">
      ${this.noTitle ? nothing : this.heading(0, s.title)}
      ${this.loadError ? html`<p role="alert">${s.loadFailed} ${this.loadError}</p>` : nothing}
      ${this.selected ? this.renderComparison(view, this.selected, s) : this.renderPending(view, s)}
      ${!this.selected && view.stats ? this.renderStats(view, view.stats, s) : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-moderation': EhcpModeration;
  }
  interface HTMLElementEventMap {
    'ehcp-moderation-resolve': ModerationResolveEvent;
    'ehcp-moderation-resolved': ModerationResolvedEvent;
  }
}
