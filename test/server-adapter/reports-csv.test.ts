/** CSV export: header, one row per audit, RFC 4180 quoting, and formula-injection escaping. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { auditsToCsv, csvCell, csvLines, CSV_META_COLUMNS } from '../../server-adapter/reports/index.js';
import type { AuditReportRow } from '../../server-adapter/storage/types.js';

/** A small RFC 4180 parser written for the test, so the export is read back independently. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe('csvCell', () => {
  for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
    test(`a value starting with ${JSON.stringify(lead)} is turned into text`, () => {
      const out = csvCell(`${lead}1+1`);
      const [[cell]] = parseCsv(`${out}\r\n`) as [[string]];
      assert.equal(cell, `'${lead}1+1`);
    });
  }
  test('the classic payloads are neutralised', () => {
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvCell('@SUM(A1:A2)'), `'@SUM(A1:A2)`);
    assert.equal(csvCell('-2+3'), `'-2+3`);
  });
  test('quotes, commas and line breaks are quoted; plain text and numbers are left alone', () => {
    assert.equal(csvCell('plain text'), 'plain text');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(csvCell(-3), '-3', 'numbers we write ourselves are not formulas');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell('Café – naïve'), 'Café – naïve', 'UTF-8 text passes through');
  });
  test('csvLines ends every line with CRLF', () => {
    assert.equal(csvLines([['a', 'b'], ['1', '2']]), 'a,b\r\n1,2\r\n');
  });
});

describe('auditsToCsv', () => {
  const row: AuditReportRow = {
    id: 'audit-0001',
    planRef: 'PLAN-1',
    cycleId: 'cycle-0001',
    frameworkId: 'ehcp-plan',
    frameworkVersion: '1.0.0',
    plan: { planType: 'new', phase: 'secondary', primaryNeed: 'SEMH', settingType: 'special', teamRef: 'team-north', caseworkerRef: 'cw-7' },
    auditorId: 'auditor-9',
    auditorRole: 'educational-psychologist',
    status: 'completed',
    startedAt: '2025-02-01T09:00:00.000Z',
    completedAt: '2025-02-01T09:50:00.000Z',
    activeSeconds: 1830,
    overallGrade: 'requires-improvement',
    sectionGrades: { A: 'good', C: 'na', F: 'inadequate', K: null },
    criteriaMet: {},
  };

  test('header row, then one row per audit with metadata, overall grade and one column per section', () => {
    const csv = auditsToCsv(ehcpPlanV1, [row, { ...row, id: 'audit-0002', cycleId: null, overallGrade: null }], new Map([['cycle-0001', '=Spring, "term"']]));
    const rows = parseCsv(csv);
    assert.equal(rows.length, 3);
    const header = rows[0]!;
    assert.deepEqual(header, [...CSV_META_COLUMNS, ...ehcpPlanV1.sections.map((s) => `section_${s.id}`)]);
    const first = Object.fromEntries(header.map((h, i) => [h, rows[1]![i]]));
    assert.equal(first['audit_id'], 'audit-0001');
    assert.equal(first['cycle_name'], `'=Spring, "term"`, 'a cycle name that looks like a formula is escaped');
    assert.equal(first['active_minutes'], '30.5');
    assert.equal(first['overall_grade'], 'Requires improvement');
    assert.equal(first['section_A'], 'Good');
    assert.equal(first['section_C'], 'Not applicable');
    assert.equal(first['section_F'], 'Inadequate');
    assert.equal(first['section_K'], '');
    assert.equal(first['section_B'], '');
    assert.equal(first['team_ref'], 'team-north');
    const second = Object.fromEntries(header.map((h, i) => [h, rows[2]![i]]));
    assert.equal(second['cycle_id'], '');
    assert.equal(second['overall_grade'], '');
  });
});
