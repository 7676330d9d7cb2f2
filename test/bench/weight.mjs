// 1. Weight: minified, gzip and brotli size of the whole browser bundle, and of each
// element's own entry when imported alone from the ESM build (Lit included), bundled
// the way a vendor's build would: rollup, node-resolve for the browser, terser.
//
//   node test/bench/weight.mjs [--no-build]
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { root, runBench } from './lib.mjs';
import { budgets, formatValue } from './budgets.mjs';

function sizes(code) {
  const buffer = Buffer.from(code);
  return {
    minified: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length } }).length,
  };
}

/** Bundles one entry alone, as the rollup config does for the full bundle. Returns the minified code. */
async function bundleAlone(input, plugins = []) {
  const build = await rollup({
    input,
    plugins: [...plugins, nodeResolve({ browser: true, exportConditions: ['production'] }), terser({ ecma: 2022, module: true, format: { comments: false } })],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
  await build.close();
  return output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('');
}

await runBench('weight', async () => {
  const buildNotes = [];
  if (!process.argv.includes('--no-build')) {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    try {
      execSync('npm run --silent build', { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
    } catch (error) {
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
      const errors = output.filter((l) => /error/i.test(l) && !l.startsWith('at '));
      const why = (errors.length ? errors : output)[0]?.slice(0, 240) ?? error.message;
      // A type error elsewhere stops `npm run build` after tsc, although tsc has
      // emitted the JavaScript: bundle that, and say so beside the figures.
      try {
        execSync('npx tsc -p tsconfig.build.json', { cwd: root, stdio: 'ignore', env });
      } catch { /* type errors: the JavaScript is emitted all the same */ }
      try {
        execSync('npx rollup -c rollup.config.js', { cwd: root, stdio: 'ignore', env });
      } catch {
        return { status: 'skipped', reason: `npm run build failed and the bundle could not be made from tsc's output: ${why}` };
      }
      buildNotes.push(`npm run build failed on a type error (${why}); these figures come from the JavaScript tsc emitted anyway, bundled with the project's rollup config.`);
    }
  }
  const bundlePath = join(root, 'dist', 'ehcp-qa.bundle.js');
  if (!existsSync(bundlePath)) return { status: 'skipped', reason: 'dist/ehcp-qa.bundle.js was not built' };

  const figures = { bundle: sizes(readFileSync(bundlePath)), bundleLater: {}, entries: {} };
  // The files beside it that a page loads only when it uses those elements.
  for (const file of readdirSync(join(root, 'dist')).filter((f) => /^ehcp-qa\.bundle\..+\.js$/.test(f)).sort()) {
    figures.bundleLater[file.replace(/^ehcp-qa\.bundle\.|\.js$/g, '')] = sizes(readFileSync(join(root, 'dist', file)));
  }
  const componentsDir = join(root, 'dist', 'components');
  const elements = readdirSync(componentsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'shared' && existsSync(join(componentsDir, d.name, 'index.js')))
    .map((d) => d.name)
    .sort();
  for (const element of elements) {
    figures.entries[element] = sizes(await bundleAlone(join(componentsDir, element, 'index.js')));
  }
  // The audit workflow a vendor embeds most: <ehcp-audit> (which brings the grader) and
  // <ehcp-plan-report>, imported together and bundled the same way.
  const workflowId = join(root, '__audit-workflow.js');
  const workflowSource = ['audit', 'plan-report'].map((e) => `import ${JSON.stringify(join(componentsDir, e, 'index.js'))};`).join('\n');
  const virtualWorkflow = { name: 'audit-workflow', resolveId: (id) => (id === workflowId ? id : null), load: (id) => (id === workflowId ? workflowSource : null) };
  figures.auditWorkflow = sizes(await bundleAlone(workflowId, [virtualWorkflow]));

  // A baseline: Lit alone, bundled the same way, so readers see what is ours.
  const litId = join(root, '__lit-baseline.js');
  const virtualLit = { name: 'lit-baseline', resolveId: (id) => (id === litId ? id : null), load: (id) => (id === litId ? "export * from 'lit';" : null) };
  figures.litBaseline = sizes(await bundleAlone(litId, [virtualLit]));

  // What the whole bundle is made of: rendered code per package or folder, before minifying.
  const parts = {};
  {
    const build = await rollup({ input: join(componentsDir, 'index.js'), plugins: [nodeResolve({ browser: true, exportConditions: ['production'] })], onwarn: () => {} });
    const { output } = await build.generate({ format: 'es', inlineDynamicImports: true });
    await build.close();
    for (const chunk of output) {
      if (chunk.type !== 'chunk') continue;
      for (const [id, module] of Object.entries(chunk.modules)) {
        const inModules = id.split('node_modules/')[1];
        const key = inModules
          ? inModules.split('/').slice(0, inModules.startsWith('@') ? 2 : 1).join('/')
          : id.slice(root.length + 1).replace(/^dist\//, '').split('/').slice(0, 2).join('/');
        parts[key] = (parts[key] ?? 0) + module.renderedLength;
      }
    }
  }
  const partsTotal = Object.values(parts).reduce((a, b) => a + b, 0);
  figures.bundleParts = Object.fromEntries(Object.entries(parts).sort((a, b) => b[1] - a[1]));

  const limitOf = (id) => budgets.find((b) => b.id === id)?.limit;
  const kB = (n) => formatValue('bytes', n);
  const row = (name, s, budget) => [name, kB(s.minified), kB(s.gzip), kB(s.brotli), budget ? `${kB(budget)} gzip` : ''];
  const rows = [row('dist/ehcp-qa.bundle.js (the audit workflow, clients and bus, Lit included)', figures.bundle, limitOf('weight.bundle.gzip'))];
  for (const [name, s] of Object.entries(figures.bundleLater)) rows.push(row(`  + ehcp-qa.bundle.${name}.js, loaded when used`, s));
  for (const element of elements) {
    rows.push(row(`ehcp-qa/components/${element} alone`, figures.entries[element], element === 'section-grader' ? limitOf('weight.section-grader.gzip') : undefined));
  }
  rows.push(row('the audit workflow: ehcp-qa/components/audit and /plan-report together', figures.auditWorkflow, limitOf('weight.audit-workflow.gzip')));
  rows.push(row('lit alone (baseline, not ours)', figures.litBaseline));
  return {
    settings: { gzip: 'level 9', brotli: 'quality 11', bundler: 'rollup + @rollup/plugin-node-resolve (browser, production) + terser' },
    figures,
    tables: [
      { title: 'Weight (kB = 1,000 bytes)', head: ['what', 'minified', 'gzip', 'brotli', 'budget'], rows },
      {
        title: 'What every element together is made of (code before minifying)',
        head: ['package or folder', 'kB', 'share'],
        rows: Object.entries(figures.bundleParts).filter(([, n]) => n / partsTotal >= 0.01).map(([k, n]) => [k, (n / 1000).toFixed(1), `${((n / partsTotal) * 100).toFixed(0)}%`]),
      },
    ],
    notes: [
      ...buildNotes,
      ...(figures.bundleParts.zod ? [`zod is in the browser bundle (${(figures.bundleParts.zod / 1000).toFixed(1)} kB before minifying): an element imports a value from a module that builds zod schemas (docs/architecture.md keeps zod out of the browser).`] : []),
      'Each element "alone" is its `dist/components/<element>/index.js` entry bundled by itself, with Lit and everything it imports.'],
  };
});
