// A node:test reporter that prints one line at the end: how many tests ran, passed,
// failed and were skipped. Used with the dot reporter when the output is not a terminal
// (CI logs), instead of thousands of lines of TAP. Skipped tests are listed with the
// reason they give (for example PostgreSQL not answering), so a skip is never silent.
export default async function* counts(source) {
  const tally = { tests: 0, pass: 0, fail: 0, skipped: 0 };
  const skips = [];
  const started = Date.now();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    tally.tests++;
    if (event.data.skip || event.data.todo) {
      tally.skipped++;
      if (event.data.skip) skips.push(`  SKIPPED ${event.data.name}${typeof event.data.skip === 'string' ? `: ${event.data.skip}` : ''}`);
    } else if (event.type === 'test:pass') tally.pass++;
    else tally.fail++;
  }
  if (skips.length > 0) yield `\n${skips.join('\n')}\n`;
  yield `\n${tally.tests} tests: ${tally.pass} passed, ${tally.fail} failed, ${tally.skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)\n`;
}
