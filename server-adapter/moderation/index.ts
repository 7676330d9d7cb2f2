/** Moderation: agreement statistics and reproducible sampling, as pure functions. */
export * from './kappa.js';
export * from './krippendorff.js';
export * from './sampling.js';
export * from './stats.js';
export * from './records.js';
export * from './blindness.js';
export * from './reporting.js';
