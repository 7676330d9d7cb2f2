/**
 * Default grade colours (background, text), keyed by a scale level's `colour`
 * field. Each pair keeps AA contrast; a grade is never shown by colour alone.
 * Used by the elements (as CSS custom property defaults) and by the adapter's
 * printable report, so both show the same grade in the same colours.
 */
export const gradeColourDefaults: Readonly<Record<string, readonly [string, string]>> = {
  outstanding: ['#bbd4ea', '#0c2d4a'],
  good: ['#cce2d8', '#005a30'],
  'requires-improvement': ['#fff7bf', '#594d00'],
  inadequate: ['#f4cdc6', '#2a0b06'],
  'not-applicable': ['#e5e6e7', '#282d30'],
  gold: ['#fff7bf', '#594d00'],
  silver: ['#e5e6e7', '#282d30'],
  bronze: ['#fcd6c3', '#6e3619'],
  blue: ['#bbd4ea', '#0c2d4a'],
  green: ['#cce2d8', '#005a30'],
  yellow: ['#fff7bf', '#594d00'],
  orange: ['#fcd6c3', '#6e3619'],
  red: ['#f4cdc6', '#2a0b06'],
  grey: ['#e5e6e7', '#282d30'],
};
