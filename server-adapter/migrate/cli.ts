#!/usr/bin/env node
/**
 * `ehcp-qa-migrate`: moves an SQLite database into PostgreSQL and verifies the move.
 *
 *   npm exec ehcp-qa-migrate -- --from sqlite:./qa.sqlite --to postgres://qa@db.internal/qa [--schema qa]
 *
 * Exit codes: 0 moved and verified; 1 failed (nothing written, or the verification
 * found a difference: the message says which); 2 wrong arguments.
 */
import { parseArgs } from 'node:util';
import { MigrateError, migrateSqliteToPostgres } from './sqlite-to-postgres.js';

const USAGE = `Moves an ehcp-qa SQLite database into PostgreSQL, every tenant, and verifies it.

Usage:
  ehcp-qa-migrate --from sqlite:<file> --to postgres://user@host:5432/database [--schema <name>] [--quiet]

  --from    the SQLite file (sqlite:<path>, or just the path)
  --to      the PostgreSQL database (a postgres:// or postgresql:// URL; the password may come from PGPASSWORD)
  --schema  the PostgreSQL schema to fill (default: the storage's default schema); it must hold no data yet
  --quiet   print only the result

Stop the adapter (or make it read-only) before you start: writes made during the move are not copied.`;

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let values: { from?: string; to?: string; schema?: string; quiet?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, schema: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) { out(USAGE); return 0; }
  if (!values.from || !values.to) { err(`Both --from and --to are needed.\n\n${USAGE}`); return 2; }
  const sqliteFile = values.from.replace(/^sqlite:(\/\/(?=\/))?/, '');
  if (!sqliteFile) { err('--from sqlite: needs a file name, for example --from sqlite:./qa.sqlite'); return 2; }
  if (values.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(values.schema)) { err(`--schema "${values.schema}" is not a schema name (letters, digits and _).`); return 2; }
  try {
    const report = await migrateSqliteToPostgres({
      sqliteFile, postgresUrl: values.to, ...(values.schema ? { schema: values.schema } : {}), ...(values.quiet ? {} : { log: out }),
    });
    const rows = Object.values(report.copied).reduce((a, b) => a + b, 0);
    out(`Moved and verified: ${report.tenants.length} tenant(s), ${report.audits.toLocaleString('en-GB')} audits, ${report.records.toLocaleString('en-GB')} records, ` +
      `${Object.values(report.trails).reduce((a, t) => a + t.entries, 0).toLocaleString('en-GB')} audit-trail entries (${rows.toLocaleString('en-GB')} rows) in ${report.seconds.toFixed(1)} s.`);
    out(`Audits checksum (SHA-256): ${report.auditsChecksum}`);
    return 0;
  } catch (error) {
    err(error instanceof MigrateError ? error.message : `The migration failed: ${(error as Error).stack ?? error}`);
    return 1;
  }
}

// Run as a command (not when imported by a test).
const invoked = process.argv[1] && /(?:^|[\\/])(?:cli\.[jt]s|ehcp-qa-migrate)$/.test(process.argv[1]);
if (invoked) process.exitCode = await main(process.argv.slice(2));
