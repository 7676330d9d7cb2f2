/** Reports: statistics, aggregation, and CSV and printable HTML rendering, as pure functions. */
export * from './stats.js';
export * from './aggregate.js';
export * from './csv.js';
export * from './narrative.js';
