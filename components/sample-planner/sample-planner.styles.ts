import { css } from 'lit';
import { tokens } from '../shared/tokens.js';
import { formStyles } from '../shared/form.styles.js';

export default [
  tokens,
  formStyles,
  css`
    :host { display: block; }
    .heading { font-weight: 700; line-height: 1.25; margin: 0 0 calc(var(--_space) * 2); }
    .heading--0 { font-size: 1.75rem; }
    .heading--1 { font-size: 1.375rem; margin-top: calc(var(--_space) * 3); }
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 2); }
    .field { display: flex; flex-direction: column; gap: 4px; }
    select, input[type='number'], input[type='text'], input[type='date'] {
      font: inherit; min-height: 40px; padding: 5px; border: 2px solid var(--_input-border); background: var(--_background); color: var(--_text); border-radius: 0;
    }
    .buys { border-left: 6px solid var(--_secondary); background: var(--_panel); padding: var(--_space) calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 2); }
    table { border-collapse: collapse; width: 100%; margin: var(--_space) 0 calc(var(--_space) * 2); }
    caption { text-align: left; font-weight: 700; padding-bottom: var(--_space); }
    th, td { text-align: left; border-bottom: 1px solid var(--_border); padding: 8px 10px 8px 0; vertical-align: top; }
    td.num, th.num { text-align: right; }
    .tag { display: inline-block; padding: 0 6px; font-weight: 700; font-size: 0.875rem; border: 2px solid var(--_text); }
    .tag--overdue { background: var(--_error); border-color: var(--_error); color: #fff; margin-left: 6px; }
    .error-summary { border: 4px solid var(--_error); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 3); }
    .error-summary ul { margin: 0; padding-left: 1.2em; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 calc(var(--_space) * 2); }
    dt { font-weight: 700; }
    dd { margin: 0; }
    .auditors { list-style: none; padding: 0; margin: 0 0 var(--_space); }
    .auditors li { display: flex; gap: var(--_space); align-items: center; margin-bottom: 4px; }
    .progress-line { font-size: 1.1875rem; font-weight: 700; }
  `,
];
