/** Styles for the chart primitives; include after `tokens` in a host element's `static styles`. */
import { css } from 'lit';

export const chartStyles = css`
  .chart-figure { margin: 0 0 calc(var(--_space) * 4); padding: 0; max-width: 60rem; }
  .chart-figure__title { font-size: 1.1875rem; font-weight: 700; margin: 0 0 var(--_space); }
  .chart { display: block; width: 100%; height: auto; overflow: visible; font-family: var(--_font); }
  .chart text { font-size: 13px; fill: var(--_text); }
  .chart .chart__value { font-size: 12px; font-weight: 700; }
  .chart .chart__note, .chart .chart__grid text { fill: var(--_secondary); font-size: 12px; }
  .chart .chart__end-label { font-size: 12px; font-weight: 700; }
  .chart .chart__empty { fill: var(--_panel); stroke: var(--_border); }
  .chart .chart__empty-text { fill: var(--_secondary); font-style: italic; }
  .chart .chart__grid line { stroke: var(--_border); stroke-width: 1; }
  .chart .chart__target line { stroke: var(--_text); stroke-width: 2; stroke-dasharray: 2 4; }
  .chart .chart__target text { font-weight: 700; }
  .chart-legend { display: flex; flex-wrap: wrap; gap: var(--_space) calc(var(--_space) * 2); list-style: none; margin: var(--_space) 0; padding: 0; }
  .chart-legend li { display: inline-flex; align-items: center; gap: 6px; }
  .chart-legend svg { flex: none; }
  .chart-figure__data > summary { cursor: pointer; color: var(--_link); text-decoration: underline; display: inline-block; margin: var(--_space) 0; }
  .chart-figure__data > summary:focus-visible { outline: 3px solid transparent; background: var(--_focus); color: var(--_focus-text); box-shadow: 0 -2px var(--_focus), 0 4px var(--_focus-text); text-decoration: none; }
  @media print {
    .chart-figure { break-inside: avoid; }
    .chart-figure__data > summary { display: none; }
  }
`;
