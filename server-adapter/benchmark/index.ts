/**
 * Benchmarking across separate installations: LAs send counts only, a hub
 * publishes aggregates under official-statistics rules and signs them.
 */
export * from './canonical-json.js';
export * from './signing.js';
export * from './model.js';
export * from './contribution.js';
export * from './publication.js';
export * from './view.js';
export type { BenchmarkLaOptions, BenchmarkHubOptions, PerTenant } from './options.js';
export { createBenchmarkHub } from './create-hub.js';
