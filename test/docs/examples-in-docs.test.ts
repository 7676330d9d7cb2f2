// The code the docs show for installing and embedding is the code the pack test
// runs: every block marked <!-- docs/examples/<file> --> must be that file, byte for
// byte, and every file in docs/examples/ must be shown somewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const pages = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
const marked = /<!-- (docs\/examples\/[\w.-]+) -->\n```\w*\n([\s\S]*?)```/g;

test('every marked code block in the docs is its file in docs/examples/, unchanged', () => {
  const shown = new Set<string>();
  for (const page of pages) {
    for (const [, file, code] of readFileSync(page, 'utf8').matchAll(marked)) {
      shown.add(file!);
      assert.equal(code, readFileSync(file!, 'utf8'), `${page}: the block marked ${file} differs from the file (copy the file into the page again)`);
    }
  }
  for (const file of readdirSync('docs/examples')) {
    assert.ok(shown.has(`docs/examples/${file}`), `docs/examples/${file} is shown on no page`);
  }
});
