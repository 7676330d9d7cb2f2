import { css } from 'lit';
import { tokens } from '../shared/tokens.js';
import { formStyles } from '../shared/form.styles.js';

export default [
  tokens,
  formStyles,
  css`
    :host { display: block; }
    .heading { font-weight: 700; font-size: 1.5rem; margin: 0 0 var(--_space); line-height: 1.25; }
    table { border-collapse: collapse; width: 100%; margin: var(--_space) 0 calc(var(--_space) * 2); }
    caption { text-align: left; font-weight: 700; padding-bottom: var(--_space); }
    th, td { text-align: left; border-bottom: 1px solid var(--_border); padding: 8px 10px 8px 0; vertical-align: top; }
    .tag { display: inline-block; padding: 0 6px; font-weight: 700; font-size: 0.875rem; border: 2px solid var(--_text); }
    .tag--overdue { background: var(--_error); border-color: var(--_error); color: #fff; margin-left: 6px; }
    .error { border: 4px solid var(--_error); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 2); }
  `,
];
