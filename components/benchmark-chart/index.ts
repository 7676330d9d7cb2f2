/** `ehcp-qa/components/benchmark-chart`: registers `<ehcp-benchmark-chart>`. */
export { EhcpBenchmarkChart } from './benchmark-chart.js';
export { benchmarkChartStrings, type BenchmarkChartStrings } from './benchmark-chart.strings.js';
export * from './benchmark-client.js';
