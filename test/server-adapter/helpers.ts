// Shared set-up for the adapter tests: a Hono host with the adapter mounted at
// /qa over a real SQLite file, tokens for every role in two tenants, and a
// small request helper.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { ehcpPlanV1, type Framework } from 'ehcp-qa/criteria';
import { createQaApp, jwtAuth, signQaToken, type QaAppOptions, type QaRole, type QaStorage } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface Person { sub: string; tenant: string; roles: QaRole[]; service?: string }

/** Users of one tenant, one per role, plus a second auditor and caseworker. */
export function people(tenant: string) {
  return {
    auditor: { sub: `aud-1-${tenant}`, tenant, roles: ['auditor'] },
    auditor2: { sub: `aud-2-${tenant}`, tenant, roles: ['auditor'] },
    moderator: { sub: `mod-${tenant}`, tenant, roles: ['moderator'] },
    manager: { sub: `man-${tenant}`, tenant, roles: ['manager'] },
    admin: { sub: `adm-${tenant}`, tenant, roles: ['admin'] },
    caseworker: { sub: `cw-1-${tenant}`, tenant, roles: ['caseworker'] },
    caseworker2: { sub: `cw-2-${tenant}`, tenant, roles: ['caseworker'] },
  } satisfies Record<string, Person>;
}

export interface Harness {
  app: Hono;
  storage: QaStorage;
  la: ReturnType<typeof people>;
  other: ReturnType<typeof people>;
  call(who: Person | null, method: string, path: string, init?: { body?: unknown; rawBody?: string; ifMatch?: string | number; headers?: Record<string, string> }): Promise<Response & { json(): Promise<any> }>;
  close(): Promise<void>;
}

export async function harness(options: Partial<QaAppOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-app-'));
  const storage = options.storage ?? (await createSqliteStorage({ filename: join(dir, 'qa.sqlite') }));
  const app = new Hono();
  app.route('/qa', createQaApp({ auth: jwtAuth({ secret: SECRET }), ...options, storage }));
  const tokens = new Map<string, string>();
  const tokenOf = async (p: Person) => {
    const key = `${p.tenant}/${p.sub}/${p.roles.join()}/${p.service ?? ''}`;
    if (!tokens.has(key)) tokens.set(key, await signQaToken(p, SECRET));
    return tokens.get(key)!;
  };
  return {
    app,
    storage,
    la: people(`la-${randomUUID().slice(0, 8)}`),
    other: people(`la-${randomUUID().slice(0, 8)}`),
    async call(who, method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (who) headers.authorization = `Bearer ${await tokenOf(who)}`;
      if (init.ifMatch !== undefined) headers['if-match'] = typeof init.ifMatch === 'number' ? `"${init.ifMatch}"` : init.ifMatch;
      let body: string | undefined = init.rawBody;
      if (init.body !== undefined) body = JSON.stringify(init.body);
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      return app.request(`/qa${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }) as Promise<Response & { json(): Promise<any> }>;
    },
    async close() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const plan = { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' } as const;

/** Body of a createAudit for `caseworker`'s plan. */
export function newAudit(extra: Record<string, unknown> = {}, caseworkerRef?: string) {
  return {
    frameworkId: 'ehcp-plan',
    // These tests exercise version 1.0.0's criteria; version 2.0.0 has its own tests (audits-v2.test.ts).
    frameworkVersion: '1.0.0',
    planRef: `PLAN-${randomUUID().slice(0, 8)}`,
    plan: { ...plan, ...(caseworkerRef ? { caseworkerRef } : {}) },
    auditorRole: 'send-caseworker',
    ...extra,
  };
}

/** Criteria that make a section suggest the framework's expected grade ("good"). */
export function goodCriteria(sectionId: string, framework: Framework = ehcpPlanV1): string[] {
  const section = framework.sections.find((s) => s.id === sectionId)!;
  return section.criteria.filter((c) => c.level === framework.scale.expected).map((c) => c.id);
}

/** Grades every section "good" and returns the audit's version afterwards. */
export async function gradeAll(h: Harness, who: Person, auditId: string, version: number): Promise<number> {
  let v = version;
  for (const s of ehcpPlanV1.sections) {
    const res = await h.call(who, 'PUT', `/audits/${auditId}/sections/${s.id}`, { ifMatch: v, body: { criteriaMet: goodCriteria(s.id), grade: 'good' } });
    if (res.status !== 200) throw new Error(`grading ${s.id}: ${res.status} ${await res.text()}`);
    v = (await res.json()).version;
  }
  return v;
}

/** Asserts-friendly view of a problem response. */
export async function problem(res: Response): Promise<{ status: number; type: string | null; body: any }> {
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}
