// One self-contained, minified browser file with every element and Lit included,
// built from the ESM output of `tsc` (see scripts/build.mjs).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: 'dist/components/index.js',
  output: { file: 'dist/ehcp-qa.bundle.js', format: 'es' },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    terser({ ecma: 2022, module: true, format: { comments: false } }),
  ],
};
