// Makes sure a system Chromium exists before browser tests run: installs Debian's
// `chromium` with apt-get when running as root, otherwise stops with one instruction.
import { execSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

let path = findChromium();
if (!path && process.getuid?.() === 0) {
  console.log('No Chromium found: installing Debian\'s chromium package with apt-get…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  path = findChromium();
}
if (!path) {
  console.error('No Chromium found: run `sudo apt-get install chromium` (or set CHROME_PATH to a Chromium binary) and try again.');
  process.exit(1);
}
console.log(`Browser tests use ${path}`);
