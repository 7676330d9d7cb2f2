// One self-contained, minified browser file with every element and Lit included,
// built from the ESM output of `tsc` (see scripts/build.mjs).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/**
 * Warnings known to be harmless are not printed, so that any other warning stands out:
 * - `this` at the top of tsc's output (its decorator helper reads `this && this.__decorate`),
 *   which rollup rightly treats as undefined in a module;
 * - zod's own `@__PURE__` comments in places rollup cannot use, and its internal import cycle.
 */
function harmless(warning) {
  const id = (warning.id ?? warning.ids?.[0] ?? '').replaceAll('\\', '/');
  if (warning.code === 'THIS_IS_UNDEFINED' && id.includes('/dist/')) return true;
  if (warning.code === 'INVALID_ANNOTATION' && id.includes('/node_modules/zod/')) return true;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && (warning.ids ?? []).every((i) => i.replaceAll('\\', '/').includes('/node_modules/zod/'))) return true;
  return false;
}

export default {
  input: 'dist/components/index.js',
  output: { file: 'dist/ehcp-qa.bundle.js', format: 'es' },
  onwarn(warning, warn) {
    if (!harmless(warning)) warn(warning);
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};
