// Writes docs/frameworks/<id>-<version>.md for every built-in framework, from the
// data. Part of `npm run generate`; test/criteria/framework-docs.test.ts fails when a
// page is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtInFrameworks, frameworkMarkdown, type Framework } from '../criteria/index.js';

export const frameworkDocFile = (fw: Framework) => fileURLToPath(new URL(`../docs/frameworks/${fw.id}-${fw.version}.md`, import.meta.url));
export const frameworkDocText = (fw: Framework) => `${frameworkMarkdown(fw)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const fw of builtInFrameworks) {
    writeFileSync(frameworkDocFile(fw), frameworkDocText(fw));
    console.log(`Wrote docs/frameworks/${fw.id}-${fw.version}.md`);
  }
}
