/**
 * Design tokens: CSS custom properties with GOV.UK-style defaults. Every element
 * includes `tokens` first in its styles, so a host overrides any token on the
 * element itself or on an ancestor:
 *
 * ```css
 * ehcp-audit { --ehcp-font-family: "Open Sans", sans-serif; --ehcp-colour-link: #005ea5; }
 * ```
 *
 * Grade colours: the scale's `colour` field names the token (`--ehcp-grade-<colour>`
 * for the background and `--ehcp-grade-<colour>-text` for the text). The defaults
 * are pale fills with dark text (contrast above 7:1), and a grade is always shown
 * with its label and an icon as well, never by colour alone.
 */
import { css, type CSSResult } from 'lit';
import { gradeColourDefaults } from '../../criteria/colours.js';

export const tokens: CSSResult = css`
  :host {
    --_font: var(--ehcp-font-family, 'GDS Transport', arial, sans-serif);
    --_text: var(--ehcp-colour-text, #0b0c0c);
    --_secondary: var(--ehcp-colour-secondary-text, #505a5f);
    --_background: var(--ehcp-colour-background, #ffffff);
    --_border: var(--ehcp-colour-border, #b1b4b6);
    --_input-border: var(--ehcp-colour-input-border, #0b0c0c);
    --_link: var(--ehcp-colour-link, #1d70b8);
    --_focus: var(--ehcp-colour-focus, #ffdd00);
    --_focus-text: var(--ehcp-colour-focus-text, #0b0c0c);
    --_error: var(--ehcp-colour-error, #d4351c);
    --_error-text: var(--ehcp-colour-error-text, #aa2a16);
    --_success: var(--ehcp-colour-success, #00703c);
    --_button: var(--ehcp-colour-button, #00703c);
    --_button-text: var(--ehcp-colour-button-text, #ffffff);
    --_button-secondary: var(--ehcp-colour-button-secondary, #f3f2f1);
    --_panel: var(--ehcp-colour-panel, #f3f2f1);
    --_space: var(--ehcp-space, 8px);
    --_font-size: var(--ehcp-font-size, 1rem);
    display: block;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.4;
    color: var(--_text);
    -webkit-font-smoothing: antialiased;
  }
  :host([hidden]) { display: none; }
  *, *::before, *::after { box-sizing: border-box; }

  /* GOV.UK focus state: yellow fill with a black underline or outline, never colour alone. */
  a:focus-visible, button:focus-visible, summary:focus-visible, [tabindex]:not([tabindex='-1']):focus-visible {
    outline: 3px solid transparent;
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow: 0 -2px var(--_focus), 0 4px var(--_focus-text);
    text-decoration: none;
  }
  input:focus-visible, textarea:focus-visible, select:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_focus-text);
  }
  .visually-hidden {
    position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important;
    padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important;
  }
  h2, h3, h4 { margin: 0 0 calc(var(--_space) * 2); line-height: 1.25; }
  p { margin: 0 0 calc(var(--_space) * 2); }
  a { color: var(--_link); }

  .button {
    font: inherit; font-weight: 400; font-size: 1.0625rem; line-height: 1.2;
    display: inline-block; position: relative; margin: 0 var(--_space) var(--_space) 0;
    padding: 8px 10px 7px; border: 2px solid transparent; border-radius: 0;
    color: var(--_button-text); background-color: var(--_button);
    box-shadow: 0 2px 0 #002d18; cursor: pointer; text-align: center;
  }
  .button:hover { filter: brightness(0.9); }
  .button:focus-visible { border-color: var(--_focus); outline: 3px solid transparent; background-color: var(--_focus); color: var(--_focus-text); box-shadow: inset 0 0 0 1px var(--_focus), 0 2px 0 var(--_focus-text); }
  .button--secondary { background-color: var(--_button-secondary); color: var(--_text); box-shadow: 0 2px 0 #929191; }
  .button[disabled] { opacity: 0.5; cursor: not-allowed; }
  .link-button {
    font: inherit; background: none; border: 0; padding: 0; color: var(--_link);
    text-decoration: underline; cursor: pointer; text-align: left;
  }

  /* A grade badge: label in text, an icon, and a colour. */
  .grade {
    display: inline-flex; align-items: center; gap: 0.35em; padding: 2px 8px;
    font-weight: 700; white-space: nowrap; border: 1px solid currentColor;
    background: var(--_grade-bg, #e5e6e7); color: var(--_grade-text, #282d30);
  }
  .grade__icon { font-style: normal; }
`;

/** Default grade colours, shared with the adapter's printable report. */
export { gradeColourDefaults };

/** Inline style that points a badge at the grade's tokens, with the defaults as fallback. */
export function gradeStyle(colour: string): string {
  const [bg, text] = gradeColourDefaults[colour] ?? gradeColourDefaults['grey']!;
  return `--_grade-bg: var(--ehcp-grade-${colour}, ${bg}); --_grade-text: var(--ehcp-grade-${colour}-text, ${text});`;
}
