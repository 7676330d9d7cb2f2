import { css } from 'lit';
import { tokens } from '../shared/tokens.js';

export default [
  tokens,
  css`
    .heading { font-weight: 700; line-height: 1.25; margin: 0 0 calc(var(--_space) * 2); }
    .heading--0 { font-size: 1.75rem; }
    .heading--1 { font-size: 1.375rem; margin-top: calc(var(--_space) * 3); }
    .heading--2 { font-size: 1.1875rem; margin-top: calc(var(--_space) * 2); }
    .note { padding: var(--_space) calc(var(--_space) * 2); border-left: 5px solid var(--_link); background: var(--_panel); }
    .meta { display: flex; flex-wrap: wrap; gap: calc(var(--_space) * 3); margin: 0 0 calc(var(--_space) * 2); }
    .meta dt { color: var(--_secondary); font-size: 0.9375rem; }
    .meta dd { margin: 0; font-weight: 700; }
    .overall__grade { font-size: 1.25rem; }
    /* Narrow screens scroll the table sideways rather than squeeze it (focusable, so keyboards can scroll). */
    .table-wrap { overflow-x: auto; }
    .table-wrap:focus-visible { outline: 3px solid var(--_focus); }
    table { width: 100%; border-collapse: collapse; font-size: 0.9375rem; }
    th, td { text-align: left; vertical-align: top; padding: 8px 12px 8px 0; border-bottom: 1px solid var(--_border); }
    thead th { font-weight: 700; }
    tbody th { font-weight: 400; min-width: 9em; }
    .section-id { font-weight: 700; display: inline-block; min-width: 1.8em; }
    td p { margin: 0 0 4px; }
    .user-text { white-space: pre-wrap; overflow-wrap: anywhere; }
    .muted { color: var(--_secondary); }
    .small { font-size: 0.875rem; }
    .list-label { font-weight: 700; margin: var(--_space) 0 4px; }
    ul { margin: 0 0 var(--_space); padding-left: 20px; }
    li { margin-bottom: 4px; }
    .improvement { break-inside: avoid; }
    .error { border-left: 5px solid var(--_error); padding-left: 15px; }
    @media print {
      :host { font-size: 11pt; color: #000; }
      .print-button { display: none; }
      .grade { border: 1px solid #000; }
      th, td { padding: 4px 8px 4px 0; }
      tr { break-inside: avoid; }
    }
  `,
];
