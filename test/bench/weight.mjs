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

/** Sizes of several files served apart: each compressed on its own, then added up. */
function sizesOf(codes) {
  const each = codes.map((code) => sizes(code));
  return { files: codes.length, minified: each.reduce((a, s) => a + s.minified, 0), gzip: each.reduce((a, s) => a + s.gzip, 0), brotli: each.reduce((a, s) => a + s.brotli, 0) };
}

/**
 * Bundles one entry with code splitting (dynamic imports become files of their own).
 * Returns the sizes of the first load (the entry and the files it imports statically)
 * and of every file, and what each later file holds.
 */
async function bundleSplit(input, plugins = []) {
  const build = await rollup({
    input,
    plugins: [...plugins, nodeResolve({ browser: true, exportConditions: ['production'] }), terser({ ecma: 2022, module: true, format: { comments: false } })],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  const chunks = new Map(output.filter((c) => c.type === 'chunk').map((c) => [c.fileName, c]));
  const first = new Set();
  const visit = (chunk) => {
    if (first.has(chunk.fileName)) return;
    first.add(chunk.fileName);
    for (const name of chunk.imports) visit(chunks.get(name));
  };
  visit([...chunks.values()].find((c) => c.isEntry));
  const label = (chunk) => (chunk.facadeModuleId ? chunk.facadeModuleId.slice(root.length + 1).replace(/^dist\/(components\/)?/, '').replace(/\/index\.js$|\.js$/, '') : `shared by ${chunk.moduleIds.length} modules`);
  return {
    firstLoad: sizesOf([...first].map((name) => chunks.get(name).code)),
    total: sizesOf([...chunks.values()].map((c) => c.code)),
    later: Object.fromEntries([...chunks.values()].filter((c) => !first.has(c.fileName)).map((c) => [label(c), sizes(c.code)])),
  };
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
  // The audit workflow a vendor embeds most: <ehcp-audit> (which fetches the grader in
  // parallel with the audit's data) and <ehcp-plan-report>, loaded when it is shown, as
  // the one-file bundle does. Bundled with code splitting, as a vendor's bundler would:
  // the first load is the entry file and every file it imports statically (what must
  // arrive before <ehcp-audit> first renders, its loading state); the total adds the
  // files loaded later (the grader, the report, and what they share).
  const workflowId = join(root, '__audit-workflow.js');
  const workflowSource = [
    `import ${JSON.stringify(join(componentsDir, 'audit', 'index.js'))};`,
    `export const loadReport = () => import(${JSON.stringify(join(componentsDir, 'plan-report', 'index.js'))});`,
  ].join('\n');
  const virtualWorkflow = { name: 'audit-workflow', resolveId: (id) => (id === workflowId ? id : null), load: (id) => (id === workflowId ? workflowSource : null) };
  figures.auditWorkflow = await bundleSplit(workflowId, [virtualWorkflow]);

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
  const rows = [row('dist/ehcp-qa.bundle.js (the audit and its grader, clients and bus, Lit included)', figures.bundle, limitOf('weight.bundle.gzip'))];
  for (const [name, s] of Object.entries(figures.bundleLater)) rows.push(row(`  + ehcp-qa.bundle.${name}.js, loaded when used`, s));
  for (const element of elements) {
    rows.push(row(`ehcp-qa/components/${element} alone`, figures.entries[element], element === 'section-grader' ? limitOf('weight.section-grader.gzip') : undefined));
  }
  rows.push(row(`the audit workflow, first load: what arrives before <ehcp-audit> first renders (${figures.auditWorkflow.firstLoad.files} file${figures.auditWorkflow.firstLoad.files === 1 ? '' : 's'})`, figures.auditWorkflow.firstLoad, limitOf('weight.audit-workflow.gzip')));
  for (const [name, s] of Object.entries(figures.auditWorkflow.later)) rows.push(row(`  + ${name}, loaded after`, s));
  const beforeSection = ['section-grader/section-grader', 'criteria/grading'].map((name) => figures.auditWorkflow.later[name]).filter(Boolean);
  figures.auditWorkflow.beforeFirstSection = ['minified', 'gzip', 'brotli'].reduce((acc, k) => ({ ...acc, [k]: figures.auditWorkflow.firstLoad[k] + beforeSection.reduce((a, x) => a + x[k], 0) }), {});
  rows.push(row('the audit workflow, what arrives before the first section shows (first load, grader, grading rules)', figures.auditWorkflow.beforeFirstSection));
  rows.push(row(`the audit workflow in total: <ehcp-audit>, the grader and <ehcp-plan-report> (${figures.auditWorkflow.total.files} files)`, figures.auditWorkflow.total));
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
      'Each element "alone" is its `dist/components/<element>/index.js` entry bundled by itself into one file, with Lit and everything it imports (dynamic imports included).',
      'The audit workflow is `ehcp-qa/components/audit` imported at once and `ehcp-qa/components/plan-report` imported when the report is shown, bundled with code splitting; each file is compressed on its own and the sizes added up. The budget holds the first load: <ehcp-audit> shows its loading state with it, and fetches the grader while it fetches the audit.'],
  };
});
