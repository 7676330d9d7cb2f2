import { css } from 'lit';
import { tokens } from '../shared/tokens.js';
import { formStyles } from '../shared/form.styles.js';

export default [
  tokens,
  formStyles,
  css`
    .base { container-type: inline-size; }
    .heading { font-weight: 700; line-height: 1.25; margin: 0 0 var(--_space); }
    .heading--0 { font-size: 1.75rem; }
    .heading--1 { font-size: 1.375rem; }
    .heading:focus { outline: none; }
    .heading:focus-visible { outline: 3px solid var(--_focus); }
    .header { margin-bottom: calc(var(--_space) * 2); }
    .progress { display: flex; flex-wrap: wrap; align-items: center; gap: var(--_space) calc(var(--_space) * 2); margin-bottom: var(--_space); font-weight: 700; }
    .progress__bar { flex: 1 1 8rem; max-width: 16rem; height: 10px; border: 1px solid var(--_text); background: var(--_background); }
    .progress__bar > span { display: block; height: 100%; background: var(--_text); }
    .status { min-height: 1.4em; margin: 0; color: var(--_secondary); }
    .completed { font-weight: 700; color: var(--_success); }
    .alert { border: 5px solid var(--_link); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 3); }
    .alert--error { border-color: var(--_error); }
    .alert:focus { outline: 3px solid var(--_focus); }
    .alert__title { font-weight: 700; font-size: 1.1875rem; }
    .alert ul { padding-left: 20px; }
    .alert .link-button { color: var(--_error-text); font-weight: 700; }
    .alert .link-button:focus-visible { color: var(--_focus-text); }
    .user-text { white-space: pre-wrap; overflow-wrap: anywhere; }
    .layout { display: grid; gap: calc(var(--_space) * 3); grid-template-columns: 1fr; }
    @container (min-width: 46rem) {
      .layout { grid-template-columns: var(--ehcp-audit-nav-width, 15rem) minmax(0, 1fr); }
    }
    /* Narrow (the usual case beside a plan): a compact grid of sections. */
    .nav ol { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr)); gap: 4px; }
    .nav li { margin: 0; min-width: 0; }
    .nav-item {
      font: inherit; font-size: 0.9375rem; color: var(--_link); background: var(--_background); border: 1px solid var(--_border);
      width: 100%; height: 100%; text-align: left; cursor: pointer; padding: 6px 8px; display: flex; flex-direction: column; gap: 4px;
      border-left: 4px solid var(--_border);
    }
    .nav-item__name { text-decoration: underline; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .nav-item__id { font-weight: 700; }
    .nav-item--current { border-color: var(--_text); border-left-color: var(--_link); background: var(--_panel); color: var(--_text); }
    .nav-item--current .nav-item__name { text-decoration: none; font-weight: 700; }
    .nav-item:focus-visible .nav-item__name { text-decoration: none; }
    /* Wide: a list beside the section, with full titles. */
    @container (min-width: 46rem) {
      .nav ol { display: block; }
      .nav li { border-bottom: 1px solid var(--_border); }
      .nav-item { border: 0; border-left: 4px solid transparent; padding: var(--_space) var(--_space) var(--_space) 12px; }
      .nav-item--current { border-left-color: var(--_link); }
      .nav-item__name { white-space: normal; }
    }
    .nav-item .grade { font-size: 0.875rem; align-self: flex-start; }
    .state { font-size: 0.875rem; color: var(--_secondary); }
    .state--warning { color: var(--_error-text); font-weight: 700; }
    .state--warning::before { content: '! '; }
    .actions { display: flex; flex-wrap: wrap; align-items: flex-start; gap: var(--_space); margin: calc(var(--_space) * 2) 0 calc(var(--_space) * 4); }
    .overall { border-top: 2px solid var(--_text); padding-top: calc(var(--_space) * 2); }
    .overall__grade { font-size: 1.25rem; }
    .hint { color: var(--_secondary); }
    .muted { color: var(--_secondary); }
    .plan-facts { display: flex; flex-wrap: wrap; align-items: flex-start; gap: var(--_space) calc(var(--_space) * 2); margin-bottom: var(--_space); }
    .plan-facts__list { flex: 1 1 20rem; margin: 0; display: grid; gap: 2px calc(var(--_space) * 2); grid-template-columns: minmax(0, max-content) minmax(8em, 1fr); }
    .plan-facts__list > div { display: contents; }
    .plan-facts__list dt { color: var(--_secondary); }
    .plan-facts__list dd { margin: 0; font-weight: 700; }
    .plan-facts .button { margin: 0; }
    .facts { max-width: 40rem; }
    .facts__prefilled { border-left: 5px solid var(--_link); padding-left: calc(var(--_space) * 2); }
    /* Proposals are marked by a dashed border and their heading and state in words, never by colour alone. */
    .proposals { border: 2px dashed var(--_link); padding: var(--_space) calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 2); }
    .proposals__list { list-style: none; margin: 0; padding: 0; }
    .proposal { border-top: 1px solid var(--_border); padding: var(--_space) 0; }
    .proposal p { margin: 0 0 4px; }
    .proposal__criterion { font-weight: 700; }
    .proposal__actions { display: flex; flex-wrap: wrap; gap: var(--_space); margin-top: var(--_space); }
    .proposal__actions .button { margin: 0; }
    .proposal mark { background: var(--ehcp-colour-highlight, #fff2a8); color: inherit; text-decoration: underline; }
    .button[aria-pressed='true'] { box-shadow: inset 0 0 0 3px var(--_text); font-weight: 700; }
  `,
];
