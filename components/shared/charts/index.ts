/** SVG chart primitives (stacked bars, lines with a target) and the figure that pairs each chart with its data table. */
export * from './charts.js';
export * from './chart.styles.js';
