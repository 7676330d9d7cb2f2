/**
 * The parts of `<ehcp-audit>` shown rarely, in a file of their own that the element
 * loads when it first needs them (and fetches ahead once an audit is shown): the
 * "About this plan" step and saving it, the plan checks' proposals, and the
 * "weakened by the advice" marking. Internal: not exported by the package.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { findSection, needsOverrideReason, regradeForFacts } from '../../criteria/grading.js';
import { frameworkSubject } from '../../criteria/constants.js';
import type { Framework, FrameworkSubject, SectionResult } from '../../criteria/schema.js';
import type { Audit, QaClient } from '../shared/api.js';
import { knownFacts, type PlanFactValues } from '../shared/facts.js';
import { qaBus } from '../shared/event-bus.js';
import { FactsSavedEvent, type Proposal } from './audit.js';
import type { AuditStrings } from './audit.strings.js';

interface Draft {
  result: SectionResult;
  valid: boolean;
}

/** What these parts use of the element (its private members, reached through this interface). */
export interface StepsHost extends HTMLElement {
  readonly activeClient: QaClient | undefined;
  audit?: Audit;
  loadedFramework?: Framework;
  currentSectionId: string;
  drafts: Map<string, Draft>;
  saveState: { kind: string; at?: Date };
  factsOpen: boolean;
  factsDraft: PlanFactValues;
  factsFromHost: boolean;
  planFindings?: readonly import('../../criteria/plan-checks/checks.js').Finding[];
  proposals: Proposal[];
  decisions: Map<string, 'accepted' | 'rejected'>;
  linkedAdvice: { id: string; serviceRef: string; teamRef: string | null; grade: string | null }[];
  weakened: Map<string, Set<string>>;
  weakenedNotice: string;
  readonly s: AuditStrings;
  heading(offset: number, content: unknown, id?: string): TemplateResult;
  subject(): FrameworkSubject;
  decide(p: Proposal, decision: 'accepted' | 'rejected'): void;
  onFact(event: Event): void;
  closeFacts(): Promise<void>;
  saveFacts(): Promise<boolean>;
  openSection(sectionId: string, focus?: boolean): Promise<void>;
  fail(error: unknown, sectionId: string | null): void;
}

/** The plan checks' weaknesses, as proposals per section, for criteria of the loaded framework. */
export function computeProposals(h: StepsHost): Proposal[] {
  const framework = h.loadedFramework;
  if (!framework || !h.planFindings) return [];
  const byCriterion = new Map<string, Proposal>();
  for (const f of h.planFindings) {
    if (f.severity !== 'weakness') continue;
    const sectionId = f.criterion.split('.')[0]!;
    const section = framework.sections.find((x) => x.id === sectionId);
    if (!section?.criteria.some((c) => c.id === f.criterion)) continue;
    const p = byCriterion.get(f.criterion) ?? { sectionId, criterion: f.criterion, findings: [] };
    p.findings.push(f);
    byCriterion.set(f.criterion, p);
  }
  return [...byCriterion.values()];
}

/**
 * Saves the answers of "About this plan" (`PUT /audits/{id}/facts` with `If-Match`).
 * The server grades saved sections again; unsaved sections are brought in line here
 * the same way. Resolves true when saved; false when it failed or conflicted.
 */
export async function saveFacts(h: StepsHost): Promise<boolean> {
  const client = h.activeClient;
  const audit = h.audit;
  const framework = h.loadedFramework;
  if (!client || !audit || !framework) return false;
  if (h.saveState.kind === 'conflict') return false;
  const facts = knownFacts(framework, h.factsDraft);
  h.saveState = { kind: 'saving' };
  try {
    const saved = await client.updateAuditFacts(audit.id, facts, audit.version);
    h.audit = saved;
    h.drafts = regradeDrafts(h, framework, saved);
    h.factsOpen = false;
    h.saveState = { kind: 'saved', at: new Date() };
    h.dispatchEvent(new FactsSavedEvent(saved.id, saved.facts ?? facts, saved));
    qaBus.emit('facts-saved', { auditId: saved.id, audit: saved });
    await h.openSection(h.currentSectionId, true);
    return true;
  } catch (error) {
    h.fail(error, null);
    return false;
  }
}

/**
 * Unsaved sections after the facts changed, graded again as the server grades saved
 * ones: ticks and "cannot tell" on criteria that no longer apply are dropped, and a
 * grade that followed the suggestion follows the new one.
 */
function regradeDrafts(h: StepsHost, framework: Framework, audit: Audit): Map<string, Draft> {
  const next = new Map<string, Draft>();
  for (const [sectionId, draft] of h.drafts) {
    const section = findSection(framework, sectionId);
    if (!section) {
      next.set(sectionId, draft);
      continue;
    }
    const old = draft.result;
    const regraded = regradeForFacts(framework, section, old, audit.facts);
    const { criteriaMet, suggestedGrade, grade } = regraded;
    const cannotTell = old.cannotTell ? regraded.cannotTell : undefined;
    const { overrideReason, ...rest } = old;
    const result: SectionResult = { ...rest, criteriaMet, suggestedGrade, grade, ...(cannotTell ? { cannotTell } : {}) };
    const reasonNeeded = needsOverrideReason(suggestedGrade, grade);
    if (reasonNeeded) result.overrideReason = overrideReason ?? '';
    next.set(sectionId, { result, valid: !reasonNeeded || !!result.overrideReason?.trim() });
  }
  return next;
}

async function toggleWeakened(h: StepsHost, event: Event): Promise<void> {
  const input = event.target as HTMLInputElement;
  const client = h.activeClient;
  const audit = h.audit;
  if (!client?.setWeakenedBy || !audit) return;
  const sectionId = h.currentSectionId;
  const next = new Set(h.weakened.get(sectionId) ?? []);
  if (input.checked) next.add(input.value);
  else next.delete(input.value);
  h.weakenedNotice = '';
  try {
    const result = await client.setWeakenedBy(audit.id, sectionId, [...next]);
    const map = new Map<string, Set<string>>();
    for (const w of result.items) {
      if (!map.has(w.sectionId)) map.set(w.sectionId, new Set());
      map.get(w.sectionId)!.add(w.adviceAuditId);
    }
    h.weakened = map;
    h.weakenedNotice = h.s.weakenedSaved;
  } catch {
    input.checked = !input.checked;
    h.weakenedNotice = h.s.weakenedFailed;
  }
}

export function renderWeakened(h: StepsHost, framework: Framework, locked: boolean, s: AuditStrings): TemplateResult | typeof nothing {
  if (frameworkSubject(framework) !== 'plan' || h.linkedAdvice.length === 0) return nothing;
  const marked = h.weakened.get(h.currentSectionId) ?? new Set<string>();
  const gradeText = (grade: string | null) => (grade ? framework.scale.levels.find((l) => l.id === grade)?.label ?? grade : null);
  return html`<fieldset class="weakened" part="weakened" aria-describedby="weakened-hint">
    <legend class="legend">${s.weakenedLegend}</legend>
    <p class="hint" id="weakened-hint">${s.weakenedHint}</p>
    ${h.linkedAdvice.map((a, i) => html`<div class="checkbox">
      <input type="checkbox" id="weakened-${i}" .value=${a.id} .checked=${marked.has(a.id)} ?disabled=${locked} @change=${(event: Event) => toggleWeakened(h, event)} />
      <label for="weakened-${i}">${s.weakenedOption(a.serviceRef, a.teamRef, gradeText(a.grade))}</label>
    </div>`)}
    <p class="status" role="status">${h.weakenedNotice}</p>
  </fieldset>`;
}

export function renderFactsStep(h: StepsHost, framework: Framework, audit: Audit, s: AuditStrings): TemplateResult {
  const busy = h.saveState.kind === 'saving' || h.saveState.kind === 'conflict';
  return html`<section class="facts" part="facts" aria-labelledby="facts-heading">
    ${h.heading(1, h.subject() === 'annual-review' ? s.factsHeadingReview : h.subject() === 'advice' ? s.factsHeadingAdvice : s.factsHeading, 'facts-heading')}
    <p class="hint" id="facts-intro">${s.factsIntro}</p>
    ${h.factsFromHost ? html`<p class="facts__prefilled" id="facts-prefilled">${s.factsPrefilled}</p>` : nothing}
    ${framework.facts!.map((fact, fi) => html`<fieldset class="fact" data-fact=${fact.id}
        aria-describedby=${fact.hint ? `fact-${fi}-hint` : nothing}>
      <legend class="legend">${fact.question}</legend>
      ${fact.hint ? html`<p class="hint" id="fact-${fi}-hint">${fact.hint}</p>` : nothing}
      <div class="radios">
        ${fact.options.map((option, oi) => html`<div class="radio">
          <input type="radio" id="fact-${fi}-${oi}" name=${fact.id} .value=${option.id} .checked=${h.factsDraft[fact.id] === option.id}
            @change=${h.onFact} />
          <label for="fact-${fi}-${oi}">${option.label}</label>
        </div>`)}
      </div>
    </fieldset>`)}
    <div class="actions">
      <button type="button" class="button" id="save-facts" ?disabled=${busy} @click=${() => h.saveFacts()}>${s.saveFacts}</button>
      ${audit.facts !== undefined ? html`<button type="button" class="button button--secondary" id="cancel-facts" @click=${() => h.closeFacts()}>${s.cancelFacts}</button>` : nothing}
    </div>
  </section>`;
}

export function renderProposals(h: StepsHost, framework: Framework, s: AuditStrings): TemplateResult | typeof nothing {
  const list = h.proposals.filter((p) => p.sectionId === h.currentSectionId);
  if (!list.length) return nothing;
  const section = framework.sections.find((x) => x.id === h.currentSectionId);
  return html`<section class="proposals" part="proposals" aria-labelledby="proposals-heading">
    ${h.heading(1, s.proposalsHeading, 'proposals-heading')}
    <p class="hint">${s.proposalsIntro}</p>
    <ul class="proposals__list">
      ${list.map((p) => {
        const criterion = section?.criteria.find((c) => c.id === p.criterion);
        const decision = h.decisions.get(p.criterion);
        const name = criterion?.text ?? p.criterion;
        const short = name.length > 80 ? `${name.slice(0, 77)}…` : name;
        return html`<li class="proposal" data-criterion=${p.criterion} data-decision=${decision ?? 'pending'}>
          <p class="proposal__criterion">${name}</p>
          <p class="proposal__state"><strong>${decision === 'accepted' ? s.proposalAccepted : decision === 'rejected' ? s.proposalRejected : s.proposalPending}</strong></p>
          <p>${s.proposalFound}</p>
          <ul>${p.findings.slice(0, 5).map((f) => html`<li>${s.proposalSection(f.section)}: <mark>${f.text.length > 100 ? `${f.text.slice(0, 97)}…` : f.text}</mark></li>`)}</ul>
          <div class="proposal__actions">
            <button type="button" class="button button--secondary accept" aria-pressed=${decision === 'accepted' ? 'true' : 'false'} @click=${() => h.decide(p, 'accepted')}>${s.acceptProposal}<span class="visually-hidden"> ${s.acceptDetail(short)}</span></button>
            <button type="button" class="button button--secondary reject" aria-pressed=${decision === 'rejected' ? 'true' : 'false'} @click=${() => h.decide(p, 'rejected')}>${s.rejectProposal}<span class="visually-hidden"> ${s.rejectDetail(short)}</span></button>
          </div>
        </li>`;
      })}
    </ul>
  </section>`;
}