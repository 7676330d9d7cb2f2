// `npm run build`: ESM modules and declarations (tsc), the browser bundle (rollup),
// and the custom-elements manifest (from the JSDoc on each element).
import { rmSync } from 'node:fs';
import { execSync } from 'node:child_process';

const run = (command) => execSync(command, { stdio: 'inherit' });
rmSync('dist', { recursive: true, force: true });
run('npx tsc -p tsconfig.build.json');
run('npx rollup -c rollup.config.js');
run('npx cem analyze --litelement --globs "components/**/*.ts" --exclude "components/**/*.styles.ts" --outdir dist');
console.log('Built dist/ (ESM + types), dist/ehcp-qa.bundle.js and dist/custom-elements.json');
