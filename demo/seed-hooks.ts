/**
 * Demo data from other features. To add yours: write a `DemoSeedHook` in your own
 * file (see demo/seed.ts for what it receives), then add one import and one entry
 * here. Hooks run once, on the first start with an empty database, in this order.
 */
import type { DemoSeedHook } from './seed.js';
// ── one import line per feature ──
import { seedReports } from './seed-reports.js';
import { seedModerationHook } from './seed-moderation.js';
import { seedContributions } from './seed-contributions.js';
import { seedFeedbackHook } from './seed-feedback.js';
import { seedPlanning } from './seed-planning.js';

export const demoSeedHooks: { name: string; run: DemoSeedHook }[] = [
  { name: 'report narratives', run: seedReports },
  { name: 'moderation pairs', run: seedModerationHook },
  { name: 'annual review and advice audits', run: seedContributions },
  { name: 'experiential feedback', run: seedFeedbackHook },
  { name: 'audit cycle planning and imported history', run: seedPlanning },
  // ── one entry per feature, for example { name: 'moderation pairs', run: seedModeration } ──
];
