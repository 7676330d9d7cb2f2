import { css } from 'lit';

export const styles = css`
  :host { max-width: 40rem; font-size: var(--ehcp-feedback-font-size, 1.125rem); }
  h1, h2, h3 { font-size: 1.5rem; }
  .panel { padding: calc(var(--_space) * 2); border: 2px solid var(--_border); background: var(--_background); margin-bottom: calc(var(--_space) * 2); }
  .notice { border-left: 5px solid var(--_link); padding: var(--_space) calc(var(--_space) * 2); background: var(--_panel); }
  .error-summary { border: 5px solid var(--_error); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 2); }
  .thank-you { border: 5px solid var(--_success); padding: calc(var(--_space) * 2); }
  .question { margin-bottom: calc(var(--_space) * 4); }
  .counter { color: var(--_secondary); margin-top: calc(var(--_space) / 2); }
  .actions { display: flex; flex-wrap: wrap; gap: var(--_space); align-items: center; margin-top: calc(var(--_space) * 2); }
  .button { min-height: 44px; }

  /* Easy read: one question a screen, large targets, a picture beside every sentence. */
  .easy { font-size: 1.375rem; line-height: 1.5; }
  .easy .question-text { display: flex; align-items: center; gap: calc(var(--_space) * 2); font-size: 1.625rem; font-weight: 700; margin: 0 0 calc(var(--_space) * 2); }
  .easy .progress { color: var(--_secondary); margin-bottom: var(--_space); }
  .choices { display: grid; gap: calc(var(--_space) * 1.5); margin: 0; padding: 0; border: 0; }
  .choice { position: relative; }
  .choice input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .choice label {
    display: flex; align-items: center; gap: calc(var(--_space) * 2); min-height: 72px; padding: var(--_space) calc(var(--_space) * 2);
    border: 3px solid var(--_input-border); background: var(--_background); cursor: pointer;
  }
  .choice input:checked + label { border-width: 6px; background: var(--_panel); font-weight: 700; }
  .choice input:checked + label .tick { visibility: visible; }
  .tick { visibility: hidden; margin-left: auto; font-size: 1.75rem; }
  .choice input:focus-visible + label { outline: 4px solid var(--_focus); outline-offset: 0; box-shadow: inset 0 0 0 3px var(--_focus-text); }
  .easy textarea { font-size: 1.25rem; min-height: 6em; }
  .easy .button { font-size: 1.375rem; min-height: 56px; padding: 12px 20px; }
  .picture { flex: none; }
  @media (forced-colors: active) { .choice input:checked + label { border-style: double; } }
`;
