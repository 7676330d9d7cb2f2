/**
 * `<ehcp-feedback-form>`: the public experiential-feedback form, reached by a single-use
 * link. No sign-in: the link's token is the only key. Mobile first; keyboard and screen
 * reader friendly; every question optional.
 *
 * - Standard form: every question on one page, with native radios, checkboxes and text areas.
 * - Easy-read form (questionnaires that have one): one question a screen, short sentences,
 *   large targets, a picture beside every sentence (inline SVG shipped with the package), and
 *   "Read aloud" with the browser's speech synthesis where it is available.
 * - A partly completed questionnaire is kept on the device (localStorage, under a hash of
 *   the token, never the token) until it is sent; sending twice is recognised by the
 *   adapter and never counted twice.
 * - Clear pages for a link that is unknown, used, expired or withdrawn, and a thank-you
 *   page that says what happens next.
 *
 * @example
 * <ehcp-feedback-form api-base="/qa" token="…from the link…" heading-level="1"></ehcp-feedback-form>
 *
 * @fires ehcp-feedback-sent - the answers were received (`detail.replay` when they had been already)
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Question, QuestionOption } from '../../criteria/questionnaire-schema.js';
import { tokens } from '../shared/tokens.js';
import { formStyles } from '../shared/form.styles.js';
import { mergeStrings } from '../shared/strings.js';
import { FeedbackNetworkError, FeedbackProblem, publicRequest, type FeedbackReceipt, type PublicFeedbackForm } from './feedback-client.js';
import { feedbackFormStrings, type FeedbackFormStrings } from './feedback-form.strings.js';
import { styles } from './feedback-form.styles.js';
import { picture } from './pictures.js';

type Answers = Record<string, string | string[]>;
interface Draft { answers: Answers; submissionKey: string; easy: boolean; step: number }

/** Fired when the answers were received. */
export class FeedbackSentEvent extends Event {
  constructor(readonly replay: boolean) {
    super('ehcp-feedback-sent', { bubbles: true, composed: true });
  }
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

@customElement('ehcp-feedback-form')
export class EhcpFeedbackForm extends LitElement {
  static override styles = [tokens, formStyles, styles];

  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** The token from the link. */
  @property() token = '';
  /** Start in the easy-read form (when the questionnaire has one). */
  @property({ type: Boolean, attribute: 'easy-read' }) easyRead = false;
  /** The level of the element's main heading (1 on a page of its own). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides; see `feedbackFormStrings`. */
  @property({ attribute: false }) strings?: Partial<FeedbackFormStrings>;

  @state() private _phase: 'loading' | 'error' | 'intro' | 'questions' | 'sent' = 'loading';
  @state() private _form?: PublicFeedbackForm;
  @state() private _answers: Answers = {};
  @state() private _easy = false;
  @state() private _step = 0;
  @state() private _error: { title: string; text: string; retry: boolean } | null = null;
  @state() private _sendError = '';
  @state() private _sending = false;
  @state() private _restored = false;
  @state() private _speaking = false;
  @state() private _thankYou = '';

  private _submissionKey = '';
  private _draftKey: string | null = null;
  private _focusNext: string | null = null;

  private get t(): FeedbackFormStrings {
    return mergeStrings(feedbackFormStrings, this.strings);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token') || changed.has('apiBase')) void this.load();
  }

  override updated(): void {
    if (this._focusNext) {
      const target = this.renderRoot.querySelector<HTMLElement>(this._focusNext);
      this._focusNext = null;
      target?.focus();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopSpeaking();
  }

  /** Loads the questionnaire for the token (and any draft kept on this device). */
  async load(): Promise<void> {
    const t = this.t;
    if (!TOKEN.test(this.token)) {
      this.showError(t.badLinkTitle, t.badLinkText, false);
      return;
    }
    this._phase = 'loading';
    try {
      const form = await publicRequest<PublicFeedbackForm>(`${this.apiBase.replace(/\/+$/, '')}/feedback/${encodeURIComponent(this.token)}/form`);
      this._form = form;
      this._draftKey = await draftKeyOf(this.token);
      const draft = this.readDraft();
      this._easy = Boolean(form.questionnaire.easyRead) && (draft?.easy ?? this.easyRead);
      if (draft) {
        this._answers = draft.answers;
        this._submissionKey = draft.submissionKey;
        this._step = Math.min(draft.step, form.questionnaire.questions.length - 1);
        this._restored = Object.keys(draft.answers).length > 0;
      } else {
        this._submissionKey = randomKey();
      }
      this._phase = 'intro';
      this._focusNext = '#title';
    } catch (error) {
      if (error instanceof FeedbackProblem) {
        // The link cannot be used: forget any draft of it.
        this.clearDraft();
        this.showError(error.title, error.detail, false);
      } else this.showError(t.networkTitle, t.networkText, true);
    }
  }

  private showError(title: string, text: string, retry: boolean): void {
    this._error = { title, text, retry };
    this._phase = 'error';
    this._focusNext = '#title';
  }

  // ── the draft on this device ──────────────────────────────────────────────
  private readDraft(): Draft | null {
    if (!this._draftKey) return null;
    try {
      const raw = localStorage.getItem(this._draftKey);
      if (!raw) return null;
      const d = JSON.parse(raw) as Partial<Draft>;
      if (typeof d.submissionKey !== 'string' || typeof d.answers !== 'object' || d.answers === null) return null;
      return { answers: d.answers, submissionKey: d.submissionKey, easy: d.easy === true, step: Number.isInteger(d.step) ? d.step! : 0 };
    } catch {
      return null;
    }
  }
  private saveDraft(): void {
    if (!this._draftKey) return;
    try {
      localStorage.setItem(this._draftKey, JSON.stringify({ answers: this._answers, submissionKey: this._submissionKey, easy: this._easy, step: this._step } satisfies Draft));
    } catch { /* storage full or switched off: the form still works */ }
  }
  private clearDraft(): void {
    if (!this._draftKey) return;
    try {
      localStorage.removeItem(this._draftKey);
    } catch { /* nothing to clear */ }
  }

  // ── answering ─────────────────────────────────────────────────────────────
  private setAnswer(id: string, value: string | string[]): void {
    const next = { ...this._answers };
    if ((Array.isArray(value) && value.length === 0) || value === '') delete next[id];
    else next[id] = value;
    this._answers = next;
    this._sendError = '';
    this.saveDraft();
  }
  private toggle(id: string, optionId: string, on: boolean): void {
    const current = Array.isArray(this._answers[id]) ? (this._answers[id] as string[]) : [];
    this.setAnswer(id, on ? [...current.filter((x) => x !== optionId), optionId] : current.filter((x) => x !== optionId));
  }

  /** Removes an answer (every question is optional) and moves focus somewhere sensible. */
  private clearAnswer(id: string, focus: string): void {
    this.setAnswer(id, '');
    this._focusNext = focus;
  }

  private start(): void {
    this._phase = 'questions';
    this._focusNext = this._easy ? '#question-text' : '#title';
  }
  private switchForm(): void {
    this._easy = !this._easy;
    this.saveDraft();
    this._focusNext = '#switch';
  }
  private go(step: number): void {
    this.stopSpeaking();
    this._step = step;
    this.saveDraft();
    this._focusNext = '#question-text';
  }

  private async send(event?: Event): Promise<void> {
    event?.preventDefault();
    if (this._sending || !this._form) return;
    this.stopSpeaking();
    this._sending = true;
    this._sendError = '';
    try {
      const receipt = await publicRequest<FeedbackReceipt>(`${this.apiBase.replace(/\/+$/, '')}/feedback/${encodeURIComponent(this.token)}/responses`, {
        method: 'POST',
        body: JSON.stringify({ submissionKey: this._submissionKey, answers: this._answers }),
      });
      this.clearDraft();
      const easy = this._easy ? this._form.questionnaire.easyRead : undefined;
      this._thankYou = easy?.thankYou ?? receipt.thankYou;
      this._phase = 'sent';
      this._focusNext = '#title';
      this.dispatchEvent(new FeedbackSentEvent(receipt.replay));
    } catch (error) {
      if (error instanceof FeedbackNetworkError) this._sendError = this.t.notSentNetwork;
      else if (error instanceof FeedbackProblem && error.status === 410) {
        this.clearDraft();
        this.showError(error.title, error.detail, false);
      } else this._sendError = error instanceof Error ? error.message : String(error);
      if (this._sendError) this._focusNext = '#send-error';
    } finally {
      this._sending = false;
    }
  }

  // ── reading aloud ─────────────────────────────────────────────────────────
  private get canSpeak(): boolean {
    return typeof globalThis.speechSynthesis !== 'undefined' && typeof globalThis.SpeechSynthesisUtterance !== 'undefined';
  }
  private speak(question: Question): void {
    if (!this.canSpeak) return;
    if (this._speaking) {
      this.stopSpeaking();
      return;
    }
    const words = [question.easyRead?.text ?? question.text, ...(question.options ?? []).map((o) => o.easyRead?.text ?? o.label)].join('. ');
    const utterance = new SpeechSynthesisUtterance(words);
    utterance.lang = 'en-GB';
    utterance.rate = 0.9;
    utterance.onend = () => { this._speaking = false; };
    utterance.onerror = () => { this._speaking = false; };
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
    this._speaking = true;
  }
  private stopSpeaking(): void {
    if (this._speaking && this.canSpeak) speechSynthesis.cancel();
    this._speaking = false;
  }

  // ── rendering ─────────────────────────────────────────────────────────────
  private heading(content: string | TemplateResult, id = 'title', cls = ''): TemplateResult {
    const l = Math.min(6, Math.max(1, this.headingLevel));
    switch (l) {
      case 1: return html`<h1 id=${id} class=${cls} tabindex="-1">${content}</h1>`;
      case 2: return html`<h2 id=${id} class=${cls} tabindex="-1">${content}</h2>`;
      case 3: return html`<h3 id=${id} class=${cls} tabindex="-1">${content}</h3>`;
      case 4: return html`<h4 id=${id} class=${cls} tabindex="-1">${content}</h4>`;
      case 5: return html`<h5 id=${id} class=${cls} tabindex="-1">${content}</h5>`;
      default: return html`<h6 id=${id} class=${cls} tabindex="-1">${content}</h6>`;
    }
  }

  override render(): TemplateResult {
    const t = this.t;
    switch (this._phase) {
      case 'loading':
        return html`<p role="status">${t.loading}</p>`;
      case 'error':
        return html`<div class="error-summary" role="alert">${this.heading(this._error!.title)}<p>${this._error!.text}</p>
          ${this._error!.retry ? html`<button class="button" type="button" @click=${() => void this.load()}>${t.tryAgain}</button>` : nothing}</div>`;
      case 'sent':
        return html`<div class="thank-you ${this._easy ? 'easy' : ''}">${this.heading(t.thankYouTitle)}
          ${this._easy ? html`<p class="question-text">${picture('happy')}<span>${this._thankYou}</span></p>` : html`<p><strong>${t.whatNext}:</strong> ${this._thankYou}</p>`}
          <p>${t.closeNote}</p></div>`;
      case 'intro':
        return this.renderIntro();
      default:
        return this._easy ? this.renderEasy() : this.renderStandard();
    }
  }

  private notice(): TemplateResult {
    const t = this.t;
    const linked = this._form!.linked;
    return html`<p class="notice" id="notice">${this._easy ? (linked ? t.linkedNoticeEasy : t.anonymousNoticeEasy) : linked ? t.linkedNotice : t.anonymousNotice}</p>`;
  }

  private renderIntro(): TemplateResult {
    const t = this.t;
    const q = this._form!.questionnaire;
    const easy = this._easy && q.easyRead;
    return html`<div class=${easy ? 'easy' : ''}>
      ${this.heading(easy ? q.easyRead!.title : q.title)}
      ${this._form!.organisationName ? html`<p>${this._form!.organisationName}</p>` : nothing}
      ${easy ? html`<p class="question-text">${picture('plan')}<span>${q.easyRead!.introduction}</span></p>` : html`<p>${q.introduction}</p>`}
      ${this.notice()}
      ${this._restored ? html`<p role="status">${t.draftRestored}</p>` : nothing}
      <div class="actions">
        <button class="button" type="button" id="start" @click=${this.start}>${t.start}</button>
        ${q.easyRead ? html`<button class="button button--secondary" type="button" id="switch" aria-pressed=${this._easy ? 'true' : 'false'} @click=${this.switchForm}>${this._easy ? t.useStandard : t.useEasyRead}</button>` : nothing}
      </div>
    </div>`;
  }

  private renderStandard(): TemplateResult {
    const t = this.t;
    const q = this._form!.questionnaire;
    return html`<form novalidate @submit=${this.send}>
      ${this.heading(q.title)}
      ${this.notice()}
      <p>${t.optionalNote}</p>
      ${q.questions.map((question) => this.renderQuestion(question))}
      ${this.renderSendError()}
      <div class="actions"><button class="button" type="submit" ?disabled=${this._sending}>${this._sending ? t.sending : t.send}</button></div>
    </form>`;
  }

  private renderSendError(): TemplateResult | typeof nothing {
    if (!this._sendError) return nothing;
    return html`<div class="error-summary" role="alert" id="send-error" tabindex="-1"><p><strong>${this.t.notSentTitle}</strong></p><p>${this._sendError}</p></div>`;
  }

  private renderQuestion(question: Question): TemplateResult {
    const t = this.t;
    const id = `q-${question.id}`;
    const hintId = `${id}-hint`;
    const value = this._answers[question.id];
    if (question.type === 'text') {
      const text = typeof value === 'string' ? value : '';
      const max = question.maxLength ?? 1000;
      return html`<div class="form-group question">
        <label class="label" for=${id}>${question.text}</label>
        ${question.hint ? html`<p class="hint" id=${hintId}>${question.hint}</p>` : nothing}
        <textarea id=${id} rows="5" maxlength=${max} aria-describedby="${question.hint ? `${hintId} ` : ''}${id}-count" .value=${text}
          @input=${(e: Event) => this.setAnswer(question.id, (e.target as HTMLTextAreaElement).value)}></textarea>
        <p class="counter" id="${id}-count">${t.charactersLeft(max - text.length)}</p>
      </div>`;
    }
    const multiple = question.type === 'multiple';
    const hint = question.hint ?? (multiple ? t.chooseAll : undefined);
    return html`<fieldset class="question" aria-describedby=${hint ? hintId : nothing}>
      <legend class="legend">${question.text}</legend>
      ${hint ? html`<p class="hint" id=${hintId}>${hint}</p>` : nothing}
      ${(question.options ?? []).map((o) => {
        const inputId = `${id}-${o.id}`;
        const checked = multiple ? Array.isArray(value) && value.includes(o.id) : value === o.id;
        return html`<div class=${multiple ? 'checkbox' : 'radio'}>
          <input type=${multiple ? 'checkbox' : 'radio'} id=${inputId} name=${id} value=${o.id} .checked=${checked}
            @change=${(e: Event) => (multiple ? this.toggle(question.id, o.id, (e.target as HTMLInputElement).checked) : this.setAnswer(question.id, o.id))}>
          <label for=${inputId}>${o.label}</label>
        </div>`;
      })}
      ${!multiple && value !== undefined ? html`<button type="button" class="link-button" id="${id}-clear" @click=${() => this.clearAnswer(question.id, `#${id}-${(question.options ?? [])[0]?.id ?? ''}`)}>${t.clearAnswer}<span class="visually-hidden">: ${question.text}</span></button>` : nothing}
    </fieldset>`;
  }

  private renderEasy(): TemplateResult {
    const t = this.t;
    const questions = this._form!.questionnaire.questions;
    const question = questions[this._step]!;
    const last = this._step === questions.length - 1;
    const easy = question.easyRead;
    const value = this._answers[question.id];
    const id = `q-${question.id}`;
    const textId = 'question-text';
    const title = this.heading(html`${picture(easy?.picture)}<span>${easy?.text ?? question.text}</span>`, textId, 'question-text');
    let body: TemplateResult;
    if (question.type === 'text') {
      const max = question.maxLength ?? 1000;
      body = html`${title}
        <textarea id=${id} rows="4" maxlength=${max} aria-labelledby=${textId} .value=${typeof value === 'string' ? value : ''}
          @input=${(e: Event) => this.setAnswer(question.id, (e.target as HTMLTextAreaElement).value)}></textarea>`;
    } else {
      const multiple = question.type === 'multiple';
      body = html`<fieldset class="choices" aria-labelledby=${textId}>
        ${title}
        ${(question.options ?? []).map((o: QuestionOption) => {
          const inputId = `${id}-${o.id}`;
          const checked = multiple ? Array.isArray(value) && value.includes(o.id) : value === o.id;
          return html`<div class="choice">
            <input type=${multiple ? 'checkbox' : 'radio'} id=${inputId} name=${id} value=${o.id} .checked=${checked}
              @change=${(e: Event) => (multiple ? this.toggle(question.id, o.id, (e.target as HTMLInputElement).checked) : this.setAnswer(question.id, o.id))}>
            <label for=${inputId}>${picture(o.easyRead?.picture, 56)}<span>${o.easyRead?.text ?? o.label}</span><span class="tick" aria-hidden="true">✓</span></label>
          </div>`;
        })}
        ${question.type !== 'multiple' && value !== undefined ? html`<p><button type="button" class="link-button" id="${id}-clear" @click=${() => this.clearAnswer(question.id, '#question-text')}>${t.clearAnswerEasy}</button></p>` : nothing}
      </fieldset>`;
    }
    return html`<form class="easy" novalidate @submit=${(e: Event) => (last ? this.send(e) : (e.preventDefault(), this.go(this._step + 1)))}>
      <p class="progress">${t.progress(this._step + 1, questions.length)}</p>
      ${body}
      ${this.canSpeak ? html`<p><button class="button button--secondary" type="button" aria-pressed=${this._speaking ? 'true' : 'false'} @click=${() => this.speak(question)}>${this._speaking ? t.stopReading : t.readAloud}</button></p>` : nothing}
      ${last ? this.renderSendError() : nothing}
      <div class="actions">
        ${this._step > 0 ? html`<button class="button button--secondary" type="button" @click=${() => this.go(this._step - 1)}>${t.back}</button>` : nothing}
        <button class="button" type="submit" ?disabled=${this._sending}>${last ? (this._sending ? t.sending : t.send) : t.next}</button>
      </div>
    </form>`;
  }
}

/** A random submission key (32 hex characters). */
function randomKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** The localStorage key of a token's draft: a hash of the token, never the token itself. */
async function draftKeyOf(token: string): Promise<string | null> {
  try {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`ehcp-qa-feedback:${token}`));
    return `ehcp-qa-feedback-draft:${[...new Uint8Array(digest)].slice(0, 16).map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  } catch {
    return null; // no Web Crypto (an insecure context): no draft is kept
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-feedback-form': EhcpFeedbackForm;
  }
}
