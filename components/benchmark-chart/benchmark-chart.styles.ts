import { css } from 'lit';
import { tokens } from '../shared/tokens.js';
import { chartStyles } from '../shared/charts/index.js';

export default [
  tokens,
  chartStyles,
  css`
    :host { display: block; }
    .heading { margin: 0 0 var(--_space); }
    .meta { color: var(--_secondary); margin: 0 0 var(--_space); }
    .sample {
      border-left: 5px solid var(--_link);
      background: var(--_panel);
      padding: var(--_space) calc(var(--_space) * 2);
      margin: 0 0 calc(var(--_space) * 2);
      font-weight: 700;
    }
    .positions-lead { margin: 0 0 4px; }
    .positions { margin: 0 0 calc(var(--_space) * 2); padding-left: calc(var(--_space) * 2.5); }
    .notes { color: var(--_secondary); font-size: 0.875rem; margin: 0 0 var(--_space); }
    .error { border: 5px solid var(--_error); padding: calc(var(--_space) * 2); }
    .error h2, .error h3 { margin-top: 0; }
    .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr)); gap: calc(var(--_space) * 3); }
    .multiples .chart-figure { margin: 0; }
    .table-wrap { overflow-x: auto; max-width: 100%; }
    .table-wrap:focus-visible { outline: 3px solid var(--_focus); outline-offset: 0; }
    table { border-collapse: collapse; font-size: 0.875rem; min-width: 36rem; }
    caption { text-align: left; font-weight: 700; padding-bottom: var(--_space); }
    th, td { border-bottom: 1px solid var(--_border); padding: 6px 8px 6px 0; text-align: left; vertical-align: top; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .suppressed { font-style: italic; }
    .chart .bar-la { fill: var(--ehcp-benchmark-la, #1d70b8); }
    .chart .bar-outline { fill: none; stroke: var(--_text); stroke-width: 1; }
    .chart .interval { stroke: var(--_text); stroke-width: 2; }
    .chart .suppressed-slot { fill: none; stroke: var(--_secondary); stroke-dasharray: 3 3; }
    .chart .suppressed-text { font-size: 11px; fill: var(--_secondary); font-style: italic; }
    .chart .axis { stroke: var(--_text); }
  `,
];
