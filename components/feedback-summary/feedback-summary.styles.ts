import { css } from 'lit';

/** The summary's layout: filters, tables and notes, in the same style as `<ehcp-audit-summary>`. */
export const styles = css`
  .summary { display: block; }
  .summary__scope { color: var(--_secondary); }
  fieldset { border: 0; margin: 0 0 calc(var(--_space) * 3); padding: calc(var(--_space) * 2); background: var(--_panel); }
  legend { font-weight: 700; font-size: 1.1875rem; padding: 0; float: left; width: 100%; margin-bottom: var(--_space); }
  .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: calc(var(--_space) * 2); clear: both; }
  .field { display: flex; flex-direction: column; gap: 4px; }
  label { font-weight: 700; }
  select, input { font: inherit; min-height: 40px; padding: 5px; border: 2px solid var(--_input-border); background: var(--_background); color: var(--_text); border-radius: 0; }
  table { border-collapse: collapse; width: 100%; margin: var(--_space) 0 calc(var(--_space) * 2); }
  caption { text-align: left; font-weight: 700; padding-bottom: var(--_space); }
  th, td { text-align: left; border-bottom: 1px solid var(--_border); padding: 8px 10px 8px 0; vertical-align: top; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  .tag { display: inline-block; padding: 0 6px; margin-left: 6px; font-weight: 700; font-size: 0.875rem; border: 2px solid var(--_text); }
  .tag--significant { background: var(--_text); color: var(--_background); }
  .kpi { border-left: 6px solid var(--_secondary); padding: var(--_space) calc(var(--_space) * 2); background: var(--_panel); margin-bottom: calc(var(--_space) * 2); }
  .error { border: 4px solid var(--_error); padding: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 2); }
  .toolbar { display: flex; flex-wrap: wrap; align-items: flex-end; gap: calc(var(--_space) * 2); margin-bottom: var(--_space); }
  section.block { margin-bottom: calc(var(--_space) * 5); }
  h2 { font-size: 1.5rem; }
  h3 { font-size: 1.1875rem; }
  @media print {
    fieldset, .toolbar { display: none; }
  }
`;
