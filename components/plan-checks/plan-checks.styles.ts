import { css } from 'lit';
import { tokens } from '../shared/tokens.js';

export default [
  tokens,
  css`
    .h2, .h3 { font-weight: 700; margin: calc(var(--_space) * 2) 0 var(--_space); line-height: 1.25; }
    .h2 { font-size: 1.5rem; }
    .h3 { font-size: 1.125rem; }
    p { margin: 0 0 var(--_space); }
    .summary { font-weight: 700; }
    ol.findings { list-style: none; margin: 0; padding: 0; }
    .finding {
      border-left: 5px solid var(--_border);
      padding: var(--_space) calc(var(--_space) * 1.5);
      margin-bottom: var(--_space);
      background: var(--_background);
    }
    .finding[data-severity='weakness'] { border-left-color: var(--_error); }
    .tag {
      display: inline-block;
      font-weight: 700;
      font-size: 0.875rem;
      padding: 0 6px;
      border: 2px solid currentColor;
      margin-right: var(--_space);
    }
    .tag[data-severity='weakness'] { color: var(--_error-text); }
    .tag[data-severity='advice'] { color: var(--_secondary); }
    .quote { margin: var(--_space) 0; padding-left: var(--_space); border-left: 2px solid var(--_border); white-space: pre-wrap; }
    mark { background: var(--ehcp-colour-highlight, #fff2a8); color: inherit; font-weight: 700; text-decoration: underline; text-decoration-thickness: 2px; }
    .rewrite { color: var(--_text); }
    .criterion { color: var(--_secondary); font-size: 0.875rem; }
    code { font-family: inherit; }
    button {
      font: inherit;
      font-size: 1rem;
      padding: 4px 10px;
      border: 2px solid var(--_input-border);
      background: var(--_button-secondary);
      color: var(--_text);
      cursor: pointer;
      min-height: 44px;
      min-width: 44px;
    }
    button:focus-visible { outline: 3px solid var(--_focus); outline-offset: 0; box-shadow: inset 0 0 0 2px var(--_focus-text); background: var(--_focus); }
    details { margin: var(--_space) 0; }
    summary { cursor: pointer; color: var(--_link); text-decoration: underline; padding: 4px 0; }
    .statement { background: var(--_panel); padding: var(--_space); margin: var(--_space) 0; }
    .visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important; }
  `,
];
