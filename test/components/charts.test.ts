// The SVG chart primitives in components/shared/charts, rendered into a plain
// element: accessible names, proportions, gaps, legends and the data toggle.
import { expect, fixtureSync, html } from '@open-wc/testing';
import { render } from 'lit';
import { chartFigure, chartLegend, lineChart, stackedBarChart } from '../../components/shared/charts/index.js';

const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(template: ReturnType<typeof html>): Promise<HTMLElement> {
  const host = fixtureSync<HTMLDivElement>(html`<div></div>`);
  render(template, host);
  return host;
}

describe('chart primitives', () => {
  it('stackedBarChart: an image named by its title, segments proportional, empty rows say so', async () => {
    const host = await mount(stackedBarChart({
      id: 'c1', title: 'Grades', description: 'Good 60%, Inadequate 40%',
      rows: [
        { label: 'Autumn', segments: [{ key: 'good', label: 'Good', value: 0.6, text: '60.0%', colour: 'good' }, { key: 'inadequate', label: 'Inadequate', value: 0.4, text: '40.0%', colour: 'inadequate' }] },
        { label: 'Spring', segments: [], emptyText: 'No graded plans' },
      ],
    }));
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    const names = svg.getAttribute('aria-labelledby')!.split(' ').map((id) => text(host.querySelector(`#${id}`)));
    expect(names).to.deep.equal(['Grades', 'Good 60%, Inadequate 40%']);
    const widths = [...host.querySelectorAll('.chart__segment')].map((g) => Number(g.querySelector('rect')!.getAttribute('width')));
    expect(widths[0]! / (widths[0]! + widths[1]!)).to.be.closeTo(0.6, 1e-9);
    expect([...host.querySelectorAll('.chart__segment title')].map(text)).to.deep.equal(['Autumn: Good 60.0%', 'Autumn: Inadequate 40.0%']);
    expect(text(host.querySelector('.chart__empty-text'))).to.equal('No graded plans');
    // Each segment has its own pattern, so neighbours differ without colour.
    const fills = [...host.querySelectorAll('.chart__segment rect:nth-of-type(2)')].map((r) => r.getAttribute('fill'));
    expect(new Set(fills).size).to.equal(2);
  });

  it('lineChart: gaps for missing values, a target line, and a marker per point', async () => {
    const host = await mount(lineChart({
      id: 'l1', title: 'Trend', xLabels: ['A', 'B', 'C'],
      series: [{ key: 's', label: 'Good or better', values: [0.2, null, 0.6], colour: 'good' }],
      target: { value: 0.8, label: 'Target 80%' },
    }));
    const path = host.querySelector('.chart__series path')!.getAttribute('d')!;
    expect(path.match(/M/g)!.length).to.equal(2, 'a gap starts a new line');
    expect(host.querySelectorAll('.chart__series > g').length).to.equal(2);
    expect(text(host.querySelector('.chart__target'))).to.equal('Target 80%');
    expect(text(host.querySelector('.chart__end-label'))).to.equal('Good or better 60%');
  });

  it('chartFigure: heading, legend, and a keyboard-operable data toggle; axe-clean', async () => {
    const host = await mount(chartFigure({
      id: 'f1', title: 'Whole-plan grades',
      chart: stackedBarChart({ id: 'f1-chart', title: 'Whole-plan grades', rows: [{ label: 'Autumn', segments: [{ key: 'good', label: 'Good', value: 1, text: '100%', colour: 'good' }] }] }),
      legend: chartLegend('f1', [{ key: 'good', label: 'Good', colour: 'good' }]),
      table: html`<table><caption>Grades</caption><tr><th scope="row">Good</th><td>100%</td></tr></table>`,
    }));
    expect(text(host.querySelector('h3'))).to.equal('Whole-plan grades');
    expect(text(host.querySelector('summary'))).to.equal('Show data: Whole-plan grades');
    expect(host.querySelector('details')!.open).to.equal(false);
    expect(text(host.querySelector('.chart-legend'))).to.equal('Good');
    await expect(host).to.be.accessible();
    host.querySelector('details')!.open = true;
    await expect(host).to.be.accessible();
  });
});
