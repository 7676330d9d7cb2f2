export * from './parse.js';
export * from './checks.js';
export * from './writer-data.js';
