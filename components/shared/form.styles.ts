/** GOV.UK-style form pieces shared by the elements: labels, hints, errors, checkboxes, radios, text areas, details. */
import { css } from 'lit';

export const formStyles = css`
  fieldset { margin: 0 0 calc(var(--_space) * 3); padding: 0; border: 0; min-width: 0; }
  .legend { font-weight: 700; font-size: 1.1875rem; margin-bottom: var(--_space); padding: 0; }
  .label { display: block; font-weight: 700; margin-bottom: calc(var(--_space) / 2); }
  .hint { color: var(--_secondary); margin: 0 0 var(--_space); }
  .form-group { margin-bottom: calc(var(--_space) * 3); }
  .form-group--error { padding-left: 15px; border-left: 5px solid var(--_error); }
  .error-message { color: var(--_error-text); font-weight: 700; margin: 0 0 var(--_space); }
  textarea {
    display: block; width: 100%; min-height: 4.5em; padding: 5px; font: inherit; color: inherit; resize: vertical;
    border: 2px solid var(--_input-border); border-radius: 0; background: var(--_background);
  }
  textarea[aria-invalid='true'] { border-color: var(--_error); }
  textarea[readonly] { background: var(--_panel); border-color: var(--_border); }

  .checkbox, .radio { display: flex; align-items: flex-start; gap: 10px; flex-wrap: wrap; margin-bottom: var(--_space); }
  .checkbox input, .radio input {
    flex: none; width: 24px; height: 24px; margin: 2px 0 0; accent-color: var(--_text); cursor: pointer;
  }
  .checkbox label, .radio label { flex: 1; cursor: pointer; padding-top: 2px; }
  .checkbox__hint { flex-basis: 100%; padding-left: 34px; margin: 0; }
  input[disabled] + label { cursor: default; }

  details { margin-bottom: calc(var(--_space) * 2); }
  summary { display: inline-block; cursor: pointer; color: var(--_link); padding-left: 25px; position: relative; }
  summary::-webkit-details-marker { display: none; }
  summary::before {
    content: ''; position: absolute; left: 0; top: 0.35em; border-style: solid; border-color: transparent;
    border-width: 7px 0 7px 12.124px; border-left-color: currentColor;
  }
  details[open] > summary::before { border-width: 12.124px 7px 0; border-top-color: currentColor; border-left-color: transparent; }
  .summary-text { text-decoration: underline; }
  summary:focus-visible .summary-text { text-decoration: none; }
  .details-text { padding: calc(var(--_space) * 2); padding-left: 20px; border-left: 5px solid var(--_border); margin-top: var(--_space); }
  .details-text > :last-child { margin-bottom: 0; }
`;
