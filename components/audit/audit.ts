import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { OverallGrade } from '../../criteria/grading.js';
import { frameworkSubject } from '../../criteria/constants.js';
import type { Framework, FrameworkSubject, SectionResult } from '../../criteria/schema.js';
import type { Finding } from '../../criteria/plan-checks/checks.js';
import { qaClientContext } from '../shared/context.js';
import { QaApiError, QaConflictError, QaNetworkError, type Audit, type CreateAuditBody, type PlanMetadata, type QaClient, type SaveSectionBody, type StoredSection } from '../shared/api.js';
import { factAnswerLabel, factsAttributeConverter, knownFacts, type PlanFactValues } from '../shared/facts.js';
import { connectQaClient, describeError, fetchFramework, type Connection } from '../shared/client-host.js';
import { qaBus } from '../shared/event-bus.js';
import { gradeBadge } from '../shared/grade.js';
import { mergeStrings } from '../shared/strings.js';
import { bareSectionTitle, sectionWord } from '../shared/section-title.js';
import type { EhcpSectionGrader, GradeChangeEvent, SectionValue } from '../section-grader/section-grader.js';
import { auditStrings, type AuditStrings } from './audit.strings.js';
import styles from './audit.styles.js';

type Steps = typeof import('./audit-steps.js');
type StepsHost = import('./audit-steps.js').StepsHost;
let stepsModule: Promise<Steps> | undefined;
/** The rarely shown parts (audit-steps.ts), loaded once and shared by every audit element; a failed fetch is tried again. */
function loadSteps(): Promise<Steps> {
  return (stepsModule ??= import('./audit-steps.js').catch((error: unknown) => {
    stepsModule = undefined;
    throw error;
  }));
}

let graderModule: Promise<unknown> | undefined;
/** The grading rules, once loaded with the grader (the loaded audit is shown only after them). */
let grading: typeof import('../../criteria/grading.js') | undefined;
/**
 * `<ehcp-section-grader>` and the grading rules, in files of their own: fetched when an
 * audit element is first connected, at the same time as the audit's data, and awaited
 * before the audit is shown (until then the element says it is loading). A failed
 * fetch is tried again on reload.
 */
function loadGrader(): Promise<unknown> {
  return (graderModule ??= Promise.all([
    import('../section-grader/section-grader.js'),
    import('../../criteria/grading.js').then((module) => { grading = module; }),
  ]).catch((error: unknown) => {
    graderModule = undefined;
    throw error;
  }));
}

// Both are fetched as soon as this module has run, in parallel with everything after
// it (the page's other scripts, the audit's data): they never delay the element's first
// render, and are usually there before an audit is.
if (typeof document !== 'undefined') {
  loadGrader().catch(() => { /* tried again, and reported, when an audit is loaded */ });
  loadSteps().catch(() => { /* tried again when a step is needed */ });
}

/** Fired after a section was saved on the server. */
export class SectionSavedEvent extends Event {
  static readonly eventName = 'ehcp-section-saved';
  constructor(
    /** The id of the audit. */
    readonly auditId: string,
    /** The section that was saved, for example `F`. */
    readonly sectionId: string,
    /** The section as stored (with the server's suggestion). */
    readonly section: StoredSection,
    /** The whole audit as the server returned it (new `version`). */
    readonly audit: Audit,
  ) {
    super(SectionSavedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired after the plan's facts ("About this plan") were saved on the server. */
export class FactsSavedEvent extends Event {
  static readonly eventName = 'ehcp-facts-saved';
  constructor(
    /** The id of the audit. */
    readonly auditId: string,
    /** The facts as stored (fact id → option id). */
    readonly facts: Record<string, string>,
    /** The whole audit as the server returned it (saved sections graded again with the facts). */
    readonly audit: Audit,
  ) {
    super(FactsSavedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Fired when the user asks to complete the audit and nothing is missing, before it is sent. Cancel it to veto. */
export class AuditCompleteEvent extends Event {
  static readonly eventName = 'ehcp-audit-complete';
  constructor(
    /** The audit as it will be completed. */
    readonly audit: Audit,
    /** The overall grade the sections give, with its explanation. */
    readonly overall: OverallGrade,
  ) {
    super(AuditCompleteEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  /** `sectionId` null: saving the plan's facts failed. */
  | { kind: 'failed'; sectionId: string | null; message: string; network: boolean }
  | { kind: 'conflict' };

interface Draft {
  result: SectionResult;
  valid: boolean;
}

interface Missing {
  /** Empty for the plan's facts. */
  sectionId: string;
  message: string;
}

/** A criterion the plan checks propose as met for a section (a weakness they found), with what they found. */
export interface Proposal {
  sectionId: string;
  criterion: string;
  findings: Finding[];
}

/**
 * Fired when a section is saved while proposals were shown for it: how many of them the
 * saved section accepted (the criterion is ticked) or changed (it is not).
 */
export class ProposalsRecordedEvent extends Event {
  static readonly eventName = 'ehcp-proposals-recorded';
  constructor(
    readonly auditId: string,
    readonly sectionId: string,
    readonly accepted: number,
    readonly changed: number,
    /** Totals for this audit in this element so far. */
    readonly totals: { accepted: number; changed: number },
  ) {
    super(ProposalsRecordedEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * The whole audit of one plan: navigation of every section with its state, progress,
 * "Save and go to next", "Complete audit" listing what is missing, and the overall
 * grade with its explanation once every section is graded.
 *
 * Saves each section through the API with `If-Match`; when someone else changed the
 * audit (HTTP 412) it says so and offers to reload, never overwriting. Unsaved input
 * survives a network failure, with a retry.
 *
 * When the framework asks facts of the plan (its status, the child's age band, …), an
 * "About this plan" step comes first, prefilled from the audit's stored facts or else
 * from the host's `facts`; the answers decide which criteria apply in every section and
 * can be changed later ("Change plan details").
 *
 * Given the plan checks' findings on the plan (`planFindings`, from `checkPlan` or
 * `<ehcp-plan-checks>`), the weaknesses they found are shown above each section as proposals, clearly marked:
 * the auditor accepts (which ticks the criterion) or rejects each one, and nothing is
 * saved until the section is saved. On each save, how many proposals the section
 * accepted or changed is counted (`proposalTotals`, `ehcp-proposals-recorded`).
 *
 * @summary Audits one EHC plan section by section, saving to the adapter.
 *
 * @event ehcp-section-saved - {SectionSavedEvent} A section was saved on the server. `event.sectionId`, `event.section`, `event.audit`.
 * @event ehcp-facts-saved - {FactsSavedEvent} The plan's facts were saved on the server. `event.facts`, `event.audit`.
 * @event ehcp-proposals-recorded - {ProposalsRecordedEvent} A section with proposals was saved: `event.accepted`, `event.changed` (and `event.totals` for the audit).
 * @event ehcp-audit-complete - {AuditCompleteEvent} The user asked to complete the audit and nothing is missing. Cancelable: call `preventDefault()` to veto. `event.audit`, `event.overall`.
 *
 * @csspart base - The whole element.
 * @csspart header - Title, progress and save state.
 * @csspart progress - The "7 of 12 sections graded" line.
 * @csspart plan-facts - The plan's recorded facts and the "Change plan details" button.
 * @csspart facts - The "About this plan" step (one radio group per fact).
 * @csspart status - The save state (saving, saved, failed).
 * @csspart nav - The list of sections.
 * @csspart nav-item - One section button in the list.
 * @csspart section - The current section (holds the `<ehcp-section-grader>`).
 * @csspart proposals - The plan checks' proposals for the current section (only with `planFindings`).
 * @csspart actions - The buttons under the section.
 * @csspart overall - The overall grade panel.
 * @csspart alert - Conflict, failure and missing-items messages.
 * @csspart badge - A grade badge.
 *
 * @cssproperty [--ehcp-font-family='GDS Transport', arial, sans-serif] - Typeface.
 * @cssproperty [--ehcp-colour-button=#00703c] - Primary button.
 * @cssproperty [--ehcp-colour-focus=#ffdd00] - Focus highlight.
 * @cssproperty [--ehcp-colour-error=#d4351c] - Error colour (always with text).
 * @cssproperty [--ehcp-audit-nav-width=15rem] - Width of the section list when beside the section.
 * @cssproperty --ehcp-grade-<colour> - Background of a grade badge (`--ehcp-grade-<colour>-text` for its text).
 */
@customElement('ehcp-audit')
export class EhcpAudit extends LitElement {
  static override styles = styles;

  @query('ehcp-section-grader') private grader?: EhcpSectionGrader;

  @consume({ context: qaClientContext, subscribe: true })
  @state()
  private providedClient?: QaClient;
  @state() private audit?: Audit;
  @state() private loadedFramework?: Framework;
  @state() private loadState: 'idle' | 'loading' | 'loaded' | 'none' | 'error' = 'idle';
  @state() private loadError = '';
  @state() private currentSectionId = '';
  @state() private graderValue?: SectionValue;
  @state() private drafts = new Map<string, Draft>();
  @state() private saveState: SaveState = { kind: 'idle' };
  @state() private missing: Missing[] = [];
  @state() private notice = '';
  @state() private starting = false;
  @state() private factsOpen = false;
  @state() private factsDraft: PlanFactValues = {};
  @state() private factsFromHost = false;
  /** Plan audits: the advice audits of the same plan, and which of them weakened each section. */
  @state() private linkedAdvice: { id: string; serviceRef: string; teamRef: string | null; grade: string | null }[] = [];
  @state() private weakened = new Map<string, Set<string>>();
  @state() private weakenedNotice = '';
  @state() private proposals: Proposal[] = [];
  @state() private decisions = new Map<string, 'accepted' | 'rejected'>();
  /** The rarely shown parts, once loaded. */
  @state() private steps?: Steps;
  private factsTouched = false;
  private recorded = { accepted: 0, changed: 0 };

  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** The host's reference of the plan. The element opens its audit in progress (or the latest one). */
  @property({ attribute: 'plan-ref' }) planRef = '';
  /** Opens this audit directly (instead of finding one by `plan-ref`). */
  @property({ attribute: 'audit-id' }) auditId = '';
  /** Framework for a new audit: an id, optionally with a version (`ehcp-plan` or `ehcp-plan@1.0.0`). */
  @property() framework = 'ehcp-plan';
  /** The auditor's profession, used when starting a new audit (for example `send-caseworker`). */
  @property({ attribute: 'auditor-role' }) auditorRole = '';
  /**
   * Advice audits: the host's id of the service that gave the advice. Recorded when the
   * element starts an advice audit, and used to pick the audit of this service's advice
   * when several advice audits exist for the plan. Never a person's name.
   */
  @property({ attribute: 'service-ref' }) serviceRef = '';
  /** Advice audits: the host's id of the team within the service (optional). */
  @property({ attribute: 'team-ref' }) teamRef = '';
  /** The audit cycle a new audit belongs to. */
  @property({ attribute: 'cycle-id' }) cycleId = '';
  /**
   * What the host already knows of the plan's facts (fact id → option id, as the
   * framework's `facts` define them), to prefill "About this plan" where the audit has
   * no answer stored. The auditor still checks and saves them. As an attribute: JSON,
   * for example `facts='{"plan-status":"final"}'`.
   */
  @property({ attribute: 'facts', converter: factsAttributeConverter }) facts?: PlanFactValues;
  /**
   * The plan checks' findings on this plan (`checkPlan(plan, { framework, status })` from
   * `ehcp-qa/criteria`, or `<ehcp-plan-checks>`'s `ehcp-plan-checked` event): their
   * weaknesses are shown as proposals. Never sent to the server. The checks themselves
   * are not part of this element, so the audit stays light when they are not used.
   */
  @property({ attribute: false }) planFindings?: readonly Finding[];
  /** Plan details for a new audit (never a name): `planType`, `phase`, `primaryNeed`, `settingType`. */
  @property({ attribute: false }) plan?: PlanMetadata;
  /** Bearer token for the default client (property only: tokens do not belong in markup). Until it is set, an element with only `api-base` waits. */
  @property({ attribute: false }) token?: string;
  /** `same-origin` or `include` when the adapter signs users in with a cookie: the default client then sends requests without a token. */
  @property() credentials = '';
  /** An API client to use instead of the provided or default one. */
  @property({ attribute: false }) client?: QaClient;
  /** Shows the audit without letting the user change it (for example a manager reading it). */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Heading level of the audit title (1 to 4); section headings follow it. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides; see `auditStrings` for every key. */
  @property({ attribute: false }) strings?: Partial<AuditStrings>;

  private activeSince = Date.now();
  private unsubscribe?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    loadGrader().catch(() => { /* reported by load() */ });
    const open = ({ planRef, auditId, sectionId }: { planRef?: string; auditId?: string; sectionId: string }) => {
      if (!this.audit) return;
      if ((planRef && planRef !== this.audit.planRef) || (auditId && auditId !== this.audit.id)) return;
      if (this.sections().some((s) => s.id === sectionId)) void this.openSection(sectionId, true);
    };
    qaBus.on('open-section', open);
    this.unsubscribe = () => qaBus.off('open-section', open);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const keys = ['auditId', 'planRef', 'framework', 'serviceRef', 'apiBase', 'client', 'token', 'credentials', 'providedClient'] as (keyof EhcpAudit)[];
    if (keys.some((k) => changed.has(k))) void this.load();
    else if (changed.has('facts') && this.factsOpen && !this.factsTouched && this.audit && this.loadedFramework) this.initFacts(this.loadedFramework, this.audit);
    if (['planFindings', 'loadedFramework', 'audit', 'steps'].some((k) => changed.has(k as keyof EhcpAudit))) {
      this.proposals = this.steps && this.planFindings ? this.steps.computeProposals(this as unknown as StepsHost) : [];
    }
  }

  /** Accepted and changed proposals counted at each save, for this audit in this element. */
  get proposalTotals(): { accepted: number; changed: number } {
    return { ...this.recorded };
  }


  private decide(p: Proposal, decision: 'accepted' | 'rejected'): void {
    const next = new Map(this.decisions);
    next.set(p.criterion, decision);
    this.decisions = next;
    this.grader?.setCriterion(p.criterion, decision === 'accepted');
  }

  /** Counts, for a saved section, the proposals it accepted (criterion ticked) or changed (not ticked). */
  private recordProposals(auditId: string, sectionId: string, criteriaMet: readonly string[]): void {
    const shown = this.proposals.filter((p) => p.sectionId === sectionId);
    if (!shown.length) return;
    const accepted = shown.filter((p) => criteriaMet.includes(p.criterion)).length;
    const changed = shown.length - accepted;
    this.recorded = { accepted: this.recorded.accepted + accepted, changed: this.recorded.changed + changed };
    this.dispatchEvent(new ProposalsRecordedEvent(auditId, sectionId, accepted, changed, this.proposalTotals));
  }

  private frameworkAsksFacts(framework: Framework | undefined = this.loadedFramework): boolean {
    return (framework?.facts?.length ?? 0) > 0;
  }

  /** The answers to show in "About this plan": stored ones, else what the host knows. */
  private initFacts(framework: Framework, audit: Audit): void {
    const stored = knownFacts(framework, audit.facts);
    const host = knownFacts(framework, this.facts);
    this.factsDraft = { ...host, ...stored };
    this.factsFromHost = Object.keys(host).some((id) => stored[id] === undefined);
    this.factsTouched = false;
  }

  /** Opens the "About this plan" step; `focus` moves keyboard focus to its heading. */
  async openFacts(focus = true): Promise<void> {
    if (!this.audit || !this.loadedFramework || !this.frameworkAsksFacts()) return;
    this.initFacts(this.loadedFramework, this.audit);
    this.factsOpen = true;
    if (!this.steps) {
      // Until the step has arrived, a "Loading…" status stands in its place (and takes focus).
      await this.updateComplete;
      if (focus) this.renderRoot.querySelector<HTMLElement>('#facts-heading')?.focus();
      try {
        this.steps = await loadSteps();
      } catch {
        this.factsOpen = false;
        this.notice = this.s.partFailed;
        return;
      }
    }
    await this.updateComplete;
    if (focus) this.renderRoot.querySelector<HTMLElement>('#facts-heading')?.focus();
  }

  private async closeFacts(): Promise<void> {
    this.factsOpen = false;
    await this.openSection(this.currentSectionId, false);
    this.renderRoot.querySelector<HTMLButtonElement>('#change-facts')?.focus();
  }

  private onFact(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.factsDraft = { ...this.factsDraft, [input.name]: input.value };
    this.factsTouched = true;
  }

  /**
   * Saves the answers of "About this plan" (`PUT /audits/{id}/facts` with `If-Match`).
   * The server grades saved sections again; unsaved sections are brought in line here
   * the same way. Resolves true when saved; false when it failed or conflicted.
   */
  async saveFacts(): Promise<boolean> {
    return (await loadSteps()).saveFacts(this as unknown as StepsHost);
  }


  private get connection(): Connection<QaClient> {
    return connectQaClient(this.client, this.providedClient, this.apiBase, this.token, this.credentials);
  }

  private get activeClient(): QaClient | undefined {
    const connection = this.connection;
    return connection.kind === 'client' ? connection.client : undefined;
  }

  private subject(): FrameworkSubject {
    return this.loadedFramework ? frameworkSubject(this.loadedFramework) : 'plan';
  }

  /** Plan audits: the plan's advice audits and the sections already marked as weakened by them. */
  private async loadLinkedAdvice(client: QaClient, framework: Framework, audit: Audit): Promise<void> {
    this.linkedAdvice = [];
    this.weakened = new Map();
    if (frameworkSubject(framework) !== 'plan' || !client.listPlanAudits) return;
    try {
      const linked = await client.listPlanAudits(audit.planRef);
      if (this.audit?.id !== audit.id) return;
      this.linkedAdvice = linked.items
        .filter((a) => a.subject === 'advice' && a.contributor)
        .map((a) => ({ id: a.id, serviceRef: a.contributor!.serviceRef, teamRef: a.contributor!.teamRef, grade: a.overallGrade }));
      const mine = linked.items.find((a) => a.id === audit.id);
      const map = new Map<string, Set<string>>();
      for (const w of mine?.weakenedSections ?? []) {
        if (!map.has(w.sectionId)) map.set(w.sectionId, new Set());
        map.get(w.sectionId)!.add(w.adviceAuditId);
      }
      this.weakened = map;
    } catch {
      // The marking is an extra: without it the audit works as before.
    }
  }



  private sections(): Framework['sections'] {
    return this.loadedFramework?.sections ?? [];
  }

  private get s(): AuditStrings {
    return mergeStrings(auditStrings, this.strings);
  }

  /** Loads (or reloads) the audit, dropping unsaved input. */
  async load(): Promise<void> {
    const client = this.activeClient;
    if (!client || (!this.auditId && !this.planRef)) return;
    this.loadState = 'loading';
    try {
      let audit: Audit | undefined;
      if (this.auditId) audit = await client.getAudit(this.auditId);
      else {
        // The plan's audits of this element's framework (a plan may also have review and advice audits).
        const frameworkId = this.framework.split('@')[0] || undefined;
        const page = await client.listAudits({ planRef: this.planRef, limit: 20, ...(frameworkId ? { frameworkId } : {}) });
        const mine = this.serviceRef ? page.items.filter((a) => a.contributor?.serviceRef === this.serviceRef) : page.items;
        audit = mine.find((a) => a.status === 'in-progress') ?? mine[0];
      }
      if (!audit) {
        this.audit = undefined;
        this.loadState = 'none';
        return;
      }
      await this.show(client, audit);
    } catch (error) {
      this.loadError = describeError(error);
      this.loadState = 'error';
    }
  }

  private async show(client: QaClient, audit: Audit): Promise<void> {
    // The rarely shown parts are fetched now, and awaited only when the first screen shows one of them.
    const steps = loadSteps();
    steps.then((module) => { this.steps = module; }, () => { /* awaited below when needed; otherwise tried again when needed */ });
    const [framework] = await Promise.all([fetchFramework(client, audit.frameworkId, audit.frameworkVersion), loadGrader()]);
    const factsFirst = this.frameworkAsksFacts(framework) && audit.facts === undefined && audit.status !== 'completed' && !this.readonly;
    if (!this.steps && (factsFirst || this.planFindings?.length)) this.steps = await steps;
    this.loadedFramework = framework;
    this.audit = audit;
    this.drafts = new Map();
    this.missing = [];
    this.saveState = { kind: 'idle' };
    this.activeSince = Date.now();
    this.loadState = 'loaded';
    // A framework that asks facts of the plan starts with "About this plan" until they are saved once.
    this.initFacts(framework, audit);
    this.factsOpen = factsFirst;
    void this.loadLinkedAdvice(client, framework, audit);
    const first = framework.sections.find((s) => !audit.sections[s.id]?.grade) ?? framework.sections[0]!;
    const keep = framework.sections.some((s) => s.id === this.currentSectionId) ? this.currentSectionId : first.id;
    this.setSection(keep);
    qaBus.emit('audit-loaded', { audit });
  }

  private setSection(sectionId: string): void {
    this.currentSectionId = sectionId;
    const draft = this.drafts.get(sectionId);
    this.graderValue = draft ? { ...draft.result } : this.audit?.sections[sectionId] ?? { criteriaMet: [], grade: null };
  }

  /** Opens a section; `focus` moves keyboard focus to its heading. */
  async openSection(sectionId: string, focus = true): Promise<void> {
    this.factsOpen = false;
    this.setSection(sectionId);
    await this.updateComplete;
    if (focus) {
      await this.grader?.updateComplete;
      this.grader?.focusHeading();
    }
  }

  private onGradeChange(event: GradeChangeEvent): void {
    const next = new Map(this.drafts);
    next.set(event.result.sectionId, { result: event.result, valid: event.valid });
    this.drafts = next;
    if (this.missing.length) this.missing = this.missing.filter((m) => m.sectionId !== event.result.sectionId);
  }

  private takeActiveSeconds(): number {
    const seconds = Math.min(3600, Math.max(0, Math.round((Date.now() - this.activeSince) / 1000)));
    this.activeSince = Date.now();
    return seconds;
  }

  /**
   * Saves one section's unsaved input. Resolves true when saved (or nothing to save),
   * false when it is invalid, failed, or conflicted; the input is kept in every case.
   */
  async saveSection(sectionId: string = this.currentSectionId): Promise<boolean> {
    const client = this.activeClient;
    const audit = this.audit;
    const draft = this.drafts.get(sectionId);
    if (!client || !audit || !draft) return true;
    if (this.saveState.kind === 'conflict') return false;
    if (!draft.valid) {
      if (sectionId === this.currentSectionId) await this.grader?.validate();
      return false;
    }
    const { result } = draft;
    const body: SaveSectionBody = { criteriaMet: result.criteriaMet, grade: result.grade, comment: result.comment ?? '' };
    if (result.overrideReason !== undefined) body.overrideReason = result.overrideReason;
    if (result.cannotTell !== undefined) body.cannotTell = result.cannotTell;
    if (result.nilStatement !== undefined && result.nilStatement !== null) body.nilStatement = result.nilStatement;
    const activeSeconds = this.takeActiveSeconds();
    if (activeSeconds > 0) body.activeSeconds = activeSeconds;
    this.saveState = { kind: 'saving' };
    try {
      const saved = await client.saveSection(audit.id, sectionId, body, audit.version);
      this.audit = saved;
      // Keep input typed while the request was on its way.
      if (this.drafts.get(sectionId) === draft) {
        const next = new Map(this.drafts);
        next.delete(sectionId);
        this.drafts = next;
      }
      this.saveState = { kind: 'saved', at: new Date() };
      const section = saved.sections[sectionId]!;
      const event = new SectionSavedEvent(saved.id, sectionId, section, saved);
      this.dispatchEvent(event);
      this.recordProposals(saved.id, sectionId, section.criteriaMet);
      qaBus.emit('section-saved', { auditId: saved.id, sectionId, audit: saved });
      return true;
    } catch (error) {
      this.fail(error, sectionId);
      return false;
    }
  }

  private fail(error: unknown, sectionId: string | null): void {
    if (error instanceof QaConflictError) {
      this.saveState = { kind: 'conflict' };
    } else if (error instanceof QaApiError) {
      const fields = error.problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
      this.saveState = { kind: 'failed', sectionId, network: false, message: `${this.s.saveRejected} ${fields || error.message}` };
    } else {
      this.saveState = { kind: 'failed', sectionId, network: error instanceof QaNetworkError, message: this.s.saveFailed };
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-alert]')?.focus());
  }

  private async saveAndNext(): Promise<void> {
    const sections = this.sections();
    const index = sections.findIndex((s) => s.id === this.currentSectionId);
    if (!(await this.saveSection())) return;
    const next = sections[index + 1];
    if (next) await this.openSection(next.id, true);
    else this.renderRoot.querySelector<HTMLButtonElement>('#complete')?.focus();
  }

  private async retry(): Promise<void> {
    if (this.saveState.kind !== 'failed') return;
    if (this.saveState.sectionId === null) await this.saveFacts();
    else await this.saveSection(this.saveState.sectionId);
  }

  /** What stops the audit from being completed, in section order. */
  private findMissing(): Missing[] {
    const s = this.s;
    const audit = this.audit!;
    const missing: Missing[] = [];
    if (this.frameworkAsksFacts() && audit.facts === undefined) missing.push({ sectionId: '', message: s.missingFacts });
    for (const section of this.sections()) {
      const draft = this.drafts.get(section.id);
      const word = sectionWord(this.loadedFramework);
      if (draft && !draft.valid) missing.push({ sectionId: section.id, message: s.missingReason(section.id, bareSectionTitle(section), word) });
      else if (draft) missing.push({ sectionId: section.id, message: s.missingSave(section.id, bareSectionTitle(section), word) });
      else if (!audit.sections[section.id]?.grade) missing.push({ sectionId: section.id, message: s.missingGrade(section.id, bareSectionTitle(section), word) });
    }
    return missing;
  }

  /** Saves what can be saved, then completes the audit unless something is missing or the host vetoes. */
  async complete(): Promise<boolean> {
    const client = this.activeClient;
    if (!client || !this.audit || this.audit.status === 'completed') return false;
    this.notice = '';
    for (const [sectionId, draft] of [...this.drafts]) {
      if (!draft.valid) continue;
      if (!(await this.saveSection(sectionId))) return false;
    }
    this.missing = this.findMissing();
    if (this.missing.length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#missing')?.focus();
      return false;
    }
    const audit = this.audit;
    const overall = audit.overall ?? this.computeOverall(audit);
    const event = new AuditCompleteEvent(audit, overall);
    this.dispatchEvent(event);
    if (event.defaultPrevented) {
      this.notice = this.s.vetoed;
      return false;
    }
    this.saveState = { kind: 'saving' };
    try {
      const activeSeconds = this.takeActiveSeconds();
      const completed = await client.completeAudit(audit.id, audit.version, activeSeconds > 0 ? { activeSeconds } : {});
      this.audit = completed;
      this.setSection(this.currentSectionId);
      this.saveState = { kind: 'saved', at: new Date() };
      qaBus.emit('audit-completed', { auditId: completed.id, audit: completed });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#overall-heading')?.focus();
      return true;
    } catch (error) {
      this.fail(error, this.currentSectionId);
      return false;
    }
  }

  private async startAudit(): Promise<void> {
    const client = this.activeClient;
    if (!client || !this.plan || !this.auditorRole || !this.planRef) return;
    const [frameworkId, frameworkVersion] = this.framework.split('@');
    this.starting = true;
    try {
      const audit = await client.createAudit({
        frameworkId: frameworkId!,
        ...(frameworkVersion ? { frameworkVersion } : {}),
        planRef: this.planRef,
        plan: this.plan,
        auditorRole: this.auditorRole as CreateAuditBody['auditorRole'],
        ...(this.cycleId ? { cycleId: this.cycleId } : {}),
        ...(this.serviceRef ? { contributor: { serviceRef: this.serviceRef, ...(this.teamRef ? { teamRef: this.teamRef } : {}) } } : {}),
      });
      await this.show(client, audit);
      if (this.factsOpen) await this.openFacts(true);
      else await this.openSection(this.currentSectionId, true);
    } catch (error) {
      this.loadError = describeError(error);
      this.loadState = 'error';
    } finally {
      this.starting = false;
    }
  }

  /** Before an audit exists: what the `framework` attribute's id suggests it will audit. */
  private frameworkSubjectHint(): FrameworkSubject {
    const id = this.framework.split('@')[0];
    return id === 'ehcp-annual-review' ? 'annual-review' : id === 'ehcp-advice' || this.serviceRef ? 'advice' : 'plan';
  }

  private computeOverall(audit: Audit): OverallGrade {
    return grading!.overallGrade(this.loadedFramework!, Object.fromEntries(Object.entries(audit.sections).map(([id, r]) => [id, r.grade])));
  }

  private heading(offset: number, content: unknown, id?: string): TemplateResult {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2) + offset);
    return html`<div class="heading heading--${offset}" role="heading" aria-level=${level} id=${id ?? nothing} tabindex=${id ? '-1' : nothing}>${content}</div>`;
  }

  private renderNav(framework: Framework, audit: Audit, s: AuditStrings): TemplateResult {
    return html`<nav class="nav" part="nav" aria-label=${frameworkSubject(framework) === 'plan' ? s.navLabel : s.navLabelParts}>
      <ol>
        ${framework.sections.map((section) => {
          const saved = audit.sections[section.id];
          const draft = this.drafts.get(section.id);
          const current = section.id === this.currentSectionId;
          let state: TemplateResult;
          if (draft && !draft.valid) state = html`<span class="state state--warning">${s.stateNeedsReason}</span>`;
          else if (draft) state = html`<span class="state state--warning">${s.stateUnsaved}</span>`;
          else if (saved?.grade) state = gradeBadge(framework, saved.grade, 'badge');
          else if (saved) state = html`<span class="state">${s.stateNotGraded}</span>`;
          else state = html`<span class="state">${s.stateNotStarted}</span>`;
          return html`<li>
            <button type="button" class="nav-item ${current ? 'nav-item--current' : ''}" part="nav-item" data-section=${section.id}
              aria-current=${current ? 'step' : nothing} @click=${() => this.openSection(section.id, true)}>
              <span class="nav-item__name"><span class="nav-item__id">${section.id}</span> ${bareSectionTitle(section)}</span>
              ${state}
            </button>
          </li>`;
        })}
      </ol>
    </nav>`;
  }

  private renderPlanFacts(framework: Framework, audit: Audit, locked: boolean, s: AuditStrings): TemplateResult | typeof nothing {
    if (!this.frameworkAsksFacts(framework) || this.factsOpen) return nothing;
    return html`<div class="plan-facts" part="plan-facts">
      <dl class="plan-facts__list">
        ${framework.facts!.map((fact) => {
          const answer = factAnswerLabel(framework, fact.id, audit.facts);
          return html`<div data-fact=${fact.id}><dt>${fact.question}</dt><dd>${answer ?? html`<span class="muted">${s.factNotAnswered}</span>`}</dd></div>`;
        })}
      </dl>
      ${locked ? nothing : html`<button type="button" class="button button--secondary" id="change-facts"
        ?disabled=${this.saveState.kind === 'saving' || this.saveState.kind === 'conflict'} @click=${() => this.openFacts(true)}>${s.changeFacts}</button>`}
    </div>`;
  }


  private renderStatus(s: AuditStrings): TemplateResult {
    const unsaved = this.drafts.size;
    let text: string;
    switch (this.saveState.kind) {
      case 'saving': text = s.saving; break;
      case 'saved': text = unsaved ? s.unsavedChanges(unsaved) : s.saved(this.saveState.at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })); break;
      default: text = unsaved ? s.unsavedChanges(unsaved) : '';
    }
    return html`<p class="status" part="status" role="status">${text}</p>`;
  }

  private renderAlerts(framework: Framework, s: AuditStrings): TemplateResult {
    const state = this.saveState;
    return html`
      ${state.kind === 'conflict' ? html`<div class="alert alert--error" part="alert" role="alert" data-alert tabindex="-1">
        <p class="alert__title">${s.conflictTitle}</p>
        <p>${s.conflictBody}</p>
        ${this.drafts.size ? html`<p>${s.conflictUnsaved}</p><ul class="unsaved">
          ${[...this.drafts.values()].map(({ result }) => html`<li>${sectionWord(this.loadedFramework)} ${result.sectionId}:
            ${result.overrideReason ? html`<div><strong>${s.reasonLabel}:</strong> <span class="user-text">${result.overrideReason}</span></div>` : nothing}
            ${result.comment ? html`<div><strong>${s.commentLabel}:</strong> <span class="user-text">${result.comment}</span></div>` : nothing}</li>`)}
        </ul>` : nothing}
        <button type="button" class="button" id="reload" @click=${() => this.load()}>${s.reload}</button>
      </div>` : nothing}
      ${state.kind === 'failed' ? html`<div class="alert alert--error" part="alert" role="alert" data-alert tabindex="-1">
        <p>${state.message}</p>
        <button type="button" class="button button--secondary" id="retry" @click=${() => this.retry()}>${s.retry}</button>
      </div>` : nothing}
      ${this.missing.length ? html`<div class="alert alert--error" part="alert" role="alert" id="missing" tabindex="-1">
        <p class="alert__title">${s.missingTitle}</p>
        <ul>${this.missing.map((m) => html`<li><button type="button" class="link-button"
          @click=${() => (m.sectionId ? this.openSection(m.sectionId, true) : this.openFacts(true))}>${m.message}</button></li>`)}</ul>
      </div>` : nothing}
      ${this.notice ? html`<div class="alert" part="alert" role="status"><p>${this.notice}</p></div>` : nothing}
    `;
    void framework;
  }


  private renderOverall(framework: Framework, audit: Audit, s: AuditStrings): TemplateResult {
    const allGraded = framework.sections.every((section) => audit.sections[section.id]?.grade);
    const overall = allGraded ? audit.overall ?? this.computeOverall(audit) : null;
    return html`<section class="overall" part="overall" aria-labelledby="overall-heading">
      ${this.heading(1, s.overallHeading, 'overall-heading')}
      ${overall?.grade ? html`<p class="overall__grade">${gradeBadge(framework, overall.grade, 'badge')}</p><p>${overall.explanation}</p>` : html`<p>${s.overallPending}</p>`}
    </section>`;
  }

  override render(): TemplateResult {
    const s = this.s;
    const audit = this.audit;
    const framework = this.loadedFramework;
    const connection = this.connection;
    if (connection.kind === 'waiting-for-token') return html`<p part="base" role="status">${s.waitingForToken}</p>`;
    if (connection.kind === 'none') return html`<p part="base">${s.noClient}</p>`;
    if (this.loadState === 'error') {
      return html`<div class="alert alert--error" part="base alert" role="alert"><p><strong>${s.loadFailed}</strong> ${this.loadError}</p>
        <button type="button" class="button button--secondary" @click=${() => this.load()}>${s.retry}</button></div>`;
    }
    if (this.loadState === 'none') {
      const canStart = !!(this.plan && this.auditorRole && this.planRef) && !this.readonly;
      return html`<div part="base">
        ${this.heading(0, s.title(this.planRef, this.frameworkSubjectHint()))}
        <p>${s.noAudit}</p>
        ${canStart
          ? html`<button type="button" class="button" id="start" ?disabled=${this.starting} @click=${() => this.startAudit()}>${this.starting ? s.starting : s.startAudit}</button>`
          : html`<p class="hint">${s.cannotStart}</p>`}
      </div>`;
    }
    if (!audit || !framework) return html`<p part="base" role="status">${s.loading}</p>`;
    const completed = audit.status === 'completed';
    const locked = completed || this.readonly;
    const graded = framework.sections.filter((section) => audit.sections[section.id]?.grade).length;
    const index = framework.sections.findIndex((x) => x.id === this.currentSectionId);
    const isLast = index === framework.sections.length - 1;
    const busy = this.saveState.kind === 'saving';
    return html`<div class="base" part="base">
      <header class="header" part="header">
        ${this.heading(0, s.title(audit.planRef, frameworkSubject(framework)))}
        ${audit.contributor ? html`<p class="contributor" part="contributor">${s.contributor(audit.contributor.serviceRef, audit.contributor.teamRef)}</p>` : nothing}
        <p class="progress" part="progress">
          <span>${s.progress(graded, framework.sections.length, frameworkSubject(framework) === 'plan' ? 'sections' : 'parts')}</span>
          <span class="progress__bar" aria-hidden="true"><span style="width:${(graded / framework.sections.length) * 100}%"></span></span>
        </p>
        ${completed ? html`<p class="completed">${s.completed} ${audit.completedAt ? s.completedOn(new Date(audit.completedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })) : ''}</p>` : nothing}
        ${this.renderPlanFacts(framework, audit, locked, s)}
        ${this.renderStatus(s)}
      </header>
      ${this.renderAlerts(framework, s)}
      ${this.factsOpen ? this.steps?.renderFactsStep(this as unknown as StepsHost, framework, audit, s)
        ?? html`<p class="hint" role="status" id="facts-heading" tabindex="-1">${s.loadingPart}</p>` : html`<div class="layout">
        ${this.renderNav(framework, audit, s)}
        <div class="section" part="section">
          ${locked || !this.steps ? nothing : this.steps.renderProposals(this as unknown as StepsHost, framework, s)}
          <ehcp-section-grader .framework=${framework} section-id=${this.currentSectionId} .value=${this.graderValue} .facts=${audit.facts}
            heading-level=${Math.min(6, (Math.trunc(this.headingLevel) || 2) + 1)} ?readonly=${locked}
            @ehcp-grade-change=${this.onGradeChange}></ehcp-section-grader>
          ${this.steps?.renderWeakened(this as unknown as StepsHost, framework, locked, s) ?? nothing}
          ${locked ? nothing : html`<div class="actions" part="actions">
            ${isLast ? nothing : html`<button type="button" class="button" id="save-next" ?disabled=${busy || this.saveState.kind === 'conflict'} @click=${() => this.saveAndNext()}>${s.saveAndNext}</button>`}
            ${isLast ? html`<button type="button" class="button" id="save" ?disabled=${busy || this.saveState.kind === 'conflict'} @click=${() => this.saveSection()}>${s.save}</button>` : nothing}
            <button type="button" class="button ${isLast ? '' : 'button--secondary'}" id="complete" ?disabled=${busy || this.saveState.kind === 'conflict'} @click=${() => this.complete()}>${s.completeAudit}</button>
          </div>`}
          ${this.renderOverall(framework, audit, s)}
        </div>
      </div>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-audit': EhcpAudit;
  }
  interface HTMLElementEventMap {
    'ehcp-section-saved': SectionSavedEvent;
    'ehcp-facts-saved': FactsSavedEvent;
    'ehcp-audit-complete': AuditCompleteEvent;
    'ehcp-proposals-recorded': ProposalsRecordedEvent;
  }
}
