/**
 * The pictures of the easy-read form, drawn as inline SVG so nothing is fetched and the
 * page's Content-Security-Policy needs no image source. Each is decorative beside its
 * words (`aria-hidden`): the sentence says what the picture shows. Strokes use
 * `currentColor`, so they follow the text colour (and forced-colours modes).
 */
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { PictureId } from '../../criteria/questionnaire-schema.js';

const face = (mouth: SVGTemplateResult) => svg`<circle cx="32" cy="32" r="26" fill="#ffdd00" stroke="currentColor" stroke-width="3"/><circle cx="23" cy="26" r="3.5" fill="currentColor"/><circle cx="41" cy="26" r="3.5" fill="currentColor"/>${mouth}`;
const person = (x: number, fill: string) => svg`<circle cx="${x}" cy="20" r="8" fill="${fill}" stroke="currentColor" stroke-width="3"/><path d="M${x - 13} 54 q0 -22 13 -22 q13 0 13 22 z" fill="${fill}" stroke="currentColor" stroke-width="3"/>`;

const drawings: Record<PictureId, SVGTemplateResult> = {
  listen: svg`<path d="M22 44 q-8 -6 -8 -18 a18 18 0 0 1 36 0 q0 10 -9 16 q-5 3 -5 10 a7 7 0 0 1 -12 4" fill="#f9d5b5" stroke="currentColor" stroke-width="3"/><path d="M26 26 a8 8 0 0 1 16 0 q0 6 -6 8" fill="none" stroke="currentColor" stroke-width="3"/><path d="M54 18 q6 8 0 16 M50 22 q3 4 0 8" fill="none" stroke="#1d70b8" stroke-width="3"/>`,
  talk: svg`<path d="M8 12 h40 a6 6 0 0 1 6 6 v18 a6 6 0 0 1 -6 6 h-24 l-10 10 v-10 h-6 a6 6 0 0 1 -6 -6 v-18 a6 6 0 0 1 6 -6 z" fill="#d2e2f1" stroke="currentColor" stroke-width="3"/><path d="M16 24 h24 M16 32 h16" stroke="currentColor" stroke-width="3"/>`,
  plan: svg`<rect x="14" y="6" width="36" height="52" rx="3" fill="#ffffff" stroke="currentColor" stroke-width="3"/><path d="M22 18 h20 M22 28 h20 M22 38 h14" stroke="currentColor" stroke-width="3"/><path d="M38 46 l4 4 l8 -10" fill="none" stroke="#00703c" stroke-width="4"/>`,
  clock: svg`<circle cx="32" cy="32" r="25" fill="#ffffff" stroke="currentColor" stroke-width="3"/><path d="M32 16 v16 l11 7" fill="none" stroke="currentColor" stroke-width="4"/>`,
  school: svg`<path d="M6 26 l26 -16 l26 16 z" fill="#d4351c" stroke="currentColor" stroke-width="3"/><rect x="12" y="26" width="40" height="30" fill="#f3f2f1" stroke="currentColor" stroke-width="3"/><rect x="27" y="40" width="10" height="16" fill="#1d70b8" stroke="currentColor" stroke-width="2"/><rect x="16" y="32" width="7" height="7" stroke="currentColor" stroke-width="2" fill="#ffffff"/><rect x="41" y="32" width="7" height="7" stroke="currentColor" stroke-width="2" fill="#ffffff"/>`,
  help: svg`<path d="M6 40 q10 -10 20 -4 l10 6 q4 3 0 6 l-10 -2 M26 46 l14 2 q6 0 12 -8 l6 -4" fill="#f9d5b5" stroke="currentColor" stroke-width="3"/><path d="M32 8 l4 8 l8 1 l-6 6 l2 8 l-8 -4 l-8 4 l2 -8 l-6 -6 l8 -1 z" fill="#ffdd00" stroke="currentColor" stroke-width="2"/>`,
  people: svg`${person(20, '#d2e2f1')}${person(44, '#cce2d8')}`,
  happy: face(svg`<path d="M20 38 q12 12 24 0" fill="none" stroke="currentColor" stroke-width="3.5"/>`),
  okay: face(svg`<path d="M21 41 h22" stroke="currentColor" stroke-width="3.5"/>`),
  sad: face(svg`<path d="M20 45 q12 -10 24 0" fill="none" stroke="currentColor" stroke-width="3.5"/>`),
  'thumbs-up': svg`<path d="M12 30 h10 v24 h-10 z M22 32 l10 -20 q6 0 6 6 v8 h14 q5 0 4 6 l-4 16 q-1 6 -7 6 h-23" fill="#cce2d8" stroke="currentColor" stroke-width="3"/>`,
  'thumbs-down': svg`<path d="M12 34 h10 v-24 h-10 z M22 32 l10 20 q6 0 6 -6 v-8 h14 q5 0 4 -6 l-4 -16 q-1 -6 -7 -6 h-23" fill="#f6d7d2" stroke="currentColor" stroke-width="3"/>`,
  question: svg`<circle cx="32" cy="32" r="25" fill="#d2e2f1" stroke="currentColor" stroke-width="3"/><path d="M24 24 a8 8 0 1 1 12 7 q-4 2 -4 7 v2" fill="none" stroke="currentColor" stroke-width="4"/><circle cx="32" cy="47" r="2.5" fill="currentColor"/>`,
  star: svg`<path d="M32 6 l7 16 l17 2 l-13 11 l4 17 l-15 -9 l-15 9 l4 -17 l-13 -11 l17 -2 z" fill="#ffdd00" stroke="currentColor" stroke-width="3"/>`,
  home: svg`<path d="M8 30 l24 -20 l24 20" fill="none" stroke="currentColor" stroke-width="3"/><rect x="14" y="28" width="36" height="28" fill="#f3f2f1" stroke="currentColor" stroke-width="3"/><rect x="27" y="38" width="10" height="18" fill="#1d70b8" stroke="currentColor" stroke-width="2"/>`,
  heart: svg`<path d="M32 54 l-20 -20 a11 11 0 0 1 20 -14 a11 11 0 0 1 20 14 z" fill="#f499be" stroke="currentColor" stroke-width="3"/>`,
};

/** The picture as an inline SVG, hidden from assistive technology (its words say the same). */
export function picture(id: PictureId | undefined, size = 64): TemplateResult | '' {
  if (!id) return '';
  return html`<svg class="picture" width="${size}" height="${size}" viewBox="0 0 64 64" aria-hidden="true" focusable="false">${drawings[id]}</svg>`;
}
