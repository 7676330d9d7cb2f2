import { css } from 'lit';
import { tokens } from '../shared/tokens.js';
import { formStyles } from '../shared/form.styles.js';

export default [
  tokens,
  formStyles,
  css`
    .title { font-weight: 700; font-size: 1.5rem; line-height: 1.25; margin: 0 0 var(--_space); }
    .title:focus { outline: none; }
    .title:focus-visible { outline: 3px solid var(--_focus); }
    .purpose { font-size: 1.1875rem; color: var(--_secondary); }
    .guidance { margin-bottom: calc(var(--_space) * 2); }
    .example-label { font-weight: 700; margin-bottom: calc(var(--_space) / 2); }
    .example { margin: 0; padding: var(--_space) calc(var(--_space) * 2); background: var(--_panel); border-left: 5px solid var(--_border); white-space: pre-line; }
    .level { border-top: 1px solid var(--_border); padding-top: var(--_space); margin-bottom: calc(var(--_space) * 2); }
    .level__legend { font-weight: 700; padding: 0; margin-bottom: var(--_space); display: flex; gap: 0.5em; align-items: baseline; }
    .count { font-weight: 400; color: var(--_secondary); font-variant-numeric: tabular-nums; }
    .suggestion {
      display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
      margin-bottom: calc(var(--_space) * 3); background: var(--_panel); border-left: 5px solid var(--_link);
    }
    .suggestion__label { font-weight: 700; }
    .suggestion__reason { flex-basis: 100%; color: var(--_secondary); }
    .radios .radio label { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.4em; }
    .suggested-tag { color: var(--_secondary); }
    .radios--inline { display: flex; flex-wrap: wrap; gap: 0 calc(var(--_space) * 3); }
    .nil-statement { padding-left: calc(var(--_space) * 2); border-left: 5px solid var(--_link); }
    /* "Core" is said in words; the border only repeats it. */
    .tag { display: inline-block; padding: 0 6px; border: 2px solid currentColor; font-size: 0.875rem; font-weight: 700; letter-spacing: 0.02em; line-height: 1.4; }
    .glossary { display: block; }
    .checkbox--nested { flex-basis: 100%; padding-left: 34px; margin: 0; }
    .not-applicable__list { margin: 0; padding-left: 20px; }
    .not-applicable__list li { margin-bottom: var(--_space); }
    .not-applicable__level { font-weight: 700; }
    .not-applicable__reason { display: block; color: var(--_secondary); }
  `,
];
