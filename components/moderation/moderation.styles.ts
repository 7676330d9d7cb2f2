import { css } from 'lit';
import { tokens } from '../shared/tokens.js';
import { formStyles } from '../shared/form.styles.js';
import { chartStyles } from '../shared/charts/index.js';

export default [
  tokens,
  formStyles,
  chartStyles,
  css`
    :host { display: block; }
    .heading { font-weight: 700; margin: 0 0 calc(var(--_space) * 2); line-height: 1.25; }
    .heading--0 { font-size: 1.75rem; }
    .heading--1 { font-size: 1.375rem; margin-top: calc(var(--_space) * 3); }
    .heading--2 { font-size: 1.1875rem; }
    .heading:focus { outline: 3px solid var(--_focus); }
    table { border-collapse: collapse; width: 100%; margin-bottom: calc(var(--_space) * 3); }
    caption { text-align: left; font-weight: 700; margin-bottom: var(--_space); }
    th, td { text-align: left; vertical-align: top; padding: 8px 10px 8px 0; border-bottom: 1px solid var(--_border); }
    td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
    .muted { color: var(--_secondary); }
    .small { font-size: 0.875rem; }
    .user-text { white-space: pre-wrap; overflow-wrap: anywhere; }

    .section { border: 1px solid var(--_border); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 3); }
    .section--differs { border-left: 6px solid var(--_text); }
    .section__title { display: flex; flex-wrap: wrap; gap: var(--_space); align-items: baseline; }
    .flag { display: inline-block; font-weight: 700; padding: 0 6px; border: 2px solid currentColor; }
    .flag--differs { background: var(--_panel); }
    .sides { display: grid; grid-template-columns: 1fr 1fr; gap: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 2); }
    @media (max-width: 40em) { .sides { grid-template-columns: 1fr; } }
    .side__label { font-weight: 700; margin-bottom: var(--_space); }
    .side ul { margin: 0 0 var(--_space); padding-left: 1.25em; }
    .only { font-weight: 700; }
    .only__tag { font-weight: 400; font-style: italic; }
    .radios { display: flex; flex-wrap: wrap; gap: 0 calc(var(--_space) * 3); }
    .note { max-width: 40em; }
    .message { border: 4px solid var(--_success); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 3); }
    .message:focus { outline: 3px solid var(--_focus); }
    .error-summary { border: 4px solid var(--_error); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 3); }
    .error-summary:focus { outline: 3px solid var(--_focus); }
    .error-summary a { color: var(--_error); font-weight: 700; }
    .error-summary a:focus-visible { color: var(--_focus-text); }
    /* Panels and headings that receive focus from code keep their own colours: an outline marks them. */
    .error-summary[tabindex]:focus-visible, .message[tabindex]:focus-visible, .heading[tabindex]:focus-visible {
      background: none; color: inherit; box-shadow: none; outline: 3px solid var(--_focus);
    }
    .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(12em, 1fr)); gap: calc(var(--_space) * 2); margin: 0 0 calc(var(--_space) * 3); }
    .figure { background: var(--_panel); padding: calc(var(--_space) * 1.5); margin: 0; }
    .figure dt { font-size: 0.875rem; }
    .figure dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
    .figure dd .small { font-weight: 400; display: block; font-size: 0.875rem; }
  `,
];
