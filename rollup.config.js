// The browser bundle for plain pages, minified, with Lit included, built from the ESM
// output of `tsc` (see scripts/build.mjs): dist/ehcp-qa.bundle.js has the audit
// workflow, and each rarely used element is a file beside it, loaded when a page uses
// it (see components/bundle.ts).
import { basename, dirname } from 'node:path';
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

/** The element's folder for an element's file (or the module's name, e.g. `audit-steps`); `charts` for the chart code the later elements share. */
function chunkName(chunk) {
  if (chunk.facadeModuleId) {
    const file = basename(chunk.facadeModuleId, '.js');
    return file === 'index' ? basename(dirname(chunk.facadeModuleId)) : file;
  }
  return chunk.moduleIds.some((id) => id.replaceAll('\\', '/').includes('/components/shared/charts/')) ? 'charts' : chunk.name;
}

export default {
  input: 'dist/components/bundle.js',
  // Lets rollup add the exports the later files need to the main file, instead of
  // moving everything into one more file behind it.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: 'ehcp-qa.bundle.js',
    // ehcp-qa.bundle.moderation.js, …; code shared only by those elements gets a chunk of its own.
    chunkFileNames: (chunk) => `ehcp-qa.bundle.${chunkName(chunk)}.js`,
  },
  onwarn(warning, warn) {
    if (!harmless(warning)) warn(warning);
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};
