/**
 * The whole API against bad input, from its own OpenAPI document: every operation, signed in as a role
 * that may call it, gets generated bad values for each path parameter, query parameter and body field
 * (fast-check, from the operation's JSON Schemas) and must answer 400/422 naming that field; then values
 * its schemas accept, which must never give a 5xx. Every error must carry a code the document declares for
 * that operation and status, in the caller's language. The live stream gets only bad input (a valid request
 * never ends); the photo upload (multipart), and real CSV, GeoJSON and zip files, are in uploads-walk.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { TRANSITIONS, type CaseAction } from '../src/shared/cases/workflow.ts';
import { ROLE_PERMISSIONS, type Permission } from '../src/shared/roles.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';
import { badParam, badValue, validParam, validValue, type Schema } from './support/schema-arbitraries.ts';
import { walkFixtures, type WalkFixtures } from './support/walk-fixtures.ts';

let t: TestApp;
let drive: Driver;
let fx: WalkFixtures;
before(async () => {
  t = await testApp();
  drive = driver(t);
  fx = await walkFixtures(t, drive);
});
after(async () => t?.close());

interface Parameter {
  in: 'path' | 'query';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  permission: string | null;
  parameters: Parameter[];
  body: { type: string; schema: Schema } | null;
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

const USERS = ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer', 'leader', 'admin', 'auditor'];
const ROLE_OF: Record<string, keyof typeof ROLE_PERMISSIONS> = {
  receiver: 'receiver', shiftleader: 'shiftLeader', dispatcher: 'dispatcher', supervisor: 'supervisor', handler: 'handler',
  officer: 'officer', leader: 'leader', admin: 'admin', auditor: 'auditor',
};
/** A signed-in user allowed to call an operation that needs `permission` (null: public). */
function callerFor(permission: string | null): string | null {
  if (permission === null) return null;
  if (permission === 'authenticated') return 'receiver';
  const who = USERS.find((u) => (ROLE_PERMISSIONS[ROLE_OF[u]!] as readonly string[]).includes(permission as Permission));
  assert.ok(who, `no test user may call an operation needing ${permission}`);
  return who;
}

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {};
      const [type, media] = Object.entries(content)[0] ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: String(op.operationId),
        permission: Array.isArray(op.security) && op.security.length === 0 ? null : String(op['x-permission'] ?? 'authenticated'),
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        body: type && media ? { type, schema: media.schema } : null,
        responses: op.responses as Operation['responses'],
      });
    }
  }
  return out;
}

/** Text for a URL: percent-encoded, NUL as %00 (a lone surrogate has no URL form: uploads-walk checks those as URL errors). */
const urlText = (s: string) => encodeURIComponent(s);

function buildUrl(op: Operation, path: Record<string, string>, query: Record<string, string>): string {
  const p = op.path.replace(/\{(\w+)\}/g, (_, k: string) => urlText(path[k]!));
  const q = Object.entries(query).map(([k, v]) => `${urlText(k)}=${urlText(v)}`).join('&');
  return q ? `${p}?${q}` : p;
}

const counts = { operations: 0, bad: 0, valid: 0, errors: new Map<string, number>() };

async function send(op: Operation, who: string | null, url: string, body: unknown, lang = 'zh-CN') {
  const headers: Record<string, string> = { 'accept-language': lang };
  let payload: string | undefined;
  if (op.body) {
    headers['content-type'] = op.body.type;
    payload = op.body.type.includes('json') ? JSON.stringify(body ?? {}) : typeof body === 'string' ? body : JSON.stringify(body ?? {});
  }
  const res = await drive.call(who, { method: op.method as 'GET', url, headers, payload, remoteAddress: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  return res;
}

/** The error a response carries must be one the document declares for this operation and status, said in words (not zod's English). */
/** Every text the request carried (a message may quote it back: that is the caller's own text). */
function echoes(url: string, body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), walk(x));
  };
  walk(body);
  for (const part of url.split(/[/?&=]/)) {
    try {
      out.push(decodeURIComponent(part));
    } catch {
      out.push(part);
    }
  }
  return out.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

function checkDeclared(op: Operation, res: { statusCode: number; body: string }, lang: string, echoed: string[] = []) {
  assert.ok(res.statusCode < 500, `${op.method} ${op.path}: ${res.statusCode} ${res.body.slice(0, 500)}`);
  if (res.statusCode < 400) return;
  const err = JSON.parse(res.body).error as { code: string; message: string; fields?: Array<{ field: string; message: string }> };
  const declared = op.responses[String(res.statusCode)]?.content?.['application/json']?.schema as Schema | undefined;
  const codes = (declared?.properties?.error?.properties?.code?.enum ?? []) as string[];
  assert.ok(codes.includes(err.code), `${op.method} ${op.path}: ${res.statusCode} ${err.code} is not declared (declared: ${codes.join(', ') || 'none'})`);
  counts.errors.set(err.code, (counts.errors.get(err.code) ?? 0) + 1);
  if (lang === 'zh-CN') {
    // What is left once field names, quoted values and the words an API must name are taken out: no English.
    let rest = err.message.replace(/"[^"]*"/g, '').replace(/“[^”]*”/g, '');
    for (const f of err.fields ?? []) rest = rest.split(f.field).join('');
    rest = rest.replace(/\b(JSON|UTF-8|ISO 8601|WGS-84|CSRF|JPEG|PNG|WebP|GeoJSON|Shapefile|EPSG|Idempotency-Key|ASCII|YYYY-MM-DD|HH:MM|MM-DD|true|false|null|U\+0000|ROUTE|GET|POST|PUT|PATCH|DELETE)\b/g, '');
    rest = rest.replace(/\/api\/\S*/g, '');
    for (const e of echoed) if (e.length >= 2) rest = rest.split(e).join('');
    assert.doesNotMatch(rest, /[A-Za-z]{4,}/, `${op.method} ${op.path}: English in a zh-CN message: ${err.message}`);
  }
}

function namesField(res: { body: string }, field: string): boolean {
  const fields = (JSON.parse(res.body).error?.fields ?? []) as Array<{ field: string }>;
  return fields.some((f) => f.field === field || f.field.startsWith(`${field}.`));
}

/** A valid value for every required path parameter (fixtures), and none of the optional query. */
function baseline(op: Operation): { path: Record<string, string>; query: Record<string, string> } {
  const path: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === 'path')) path[p.name] = fx.pathValue(op.path, p.name);
  const query: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === 'query' && x.required)) query[p.name] = fx.queryValue(op.path, p.name);
  return { path, query };
}

/** A case where `action` applies now, and who may take it there. */
async function actionTarget(action: CaseAction): Promise<{ id: number; who: string }> {
  const tr = TRANSITIONS[action];
  const c = await drive.caseAt(tr.from[0]!);
  const who = tr.party === 'gridSupervisor' ? 'supervisor' : tr.party === 'leadUnit' ? 'handler' : ({ receiver: 'receiver', shiftLeader: 'shiftleader', dispatcher: 'dispatcher', leader: 'leader' } as Record<string, string>)[tr.roles[0]!]!;
  return { id: c.id, who };
}

/** Operations whose valid-input run would end the walk's own sessions; their bad input is still walked. */
const NO_VALID_RUN = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'GET /api/stream']);
/** Raw-body uploads: uploads-walk.test.ts sends them real files; here only their query parameters. */
const RAW_BODY = (op: Operation) => op.body !== null && !op.body.type.includes('json') && op.body.type !== 'text/csv';

test('every operation refuses bad input with a 400/422 naming the field, and no input anywhere gives a 5xx', { timeout: 600_000 }, async (tc) => {
  const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> };
  // The multipart uploads are uploads-walk.test.ts's.
  const ops = operations(doc).filter((op) => !(op.method === 'POST' && ['/api/photos', '/api/public/photos'].includes(op.path)));
  assert.ok(ops.length >= 80, `only ${ops.length} operations`);
  for (const op of ops) {
    counts.operations++;
    const who = callerFor(op.permission);
    const base = baseline(op);

    // Fastify validates the body before the query string: a bad query value needs a body that passes.
    const known = fx.validBody(op.path, op.method);
    const validBodies = op.body?.type.includes('json')
      ? [...(known === undefined ? [] : [known]), ...fc.sample(validValue(op.body.schema), { numRuns: 8, seed: 11 })]
      : [fx.bodyFor(op.path, op.method)];
    const otherBody = (attempt: number) => (op.body ? validBodies[attempt % validBodies.length] : undefined);

    // 1. Bad values, one input at a time.
    const inputs: Array<{ field: string; bad: fc.Arbitrary<unknown>; apply: (v: unknown, attempt: number) => { url: string; body: unknown } }> = [];
    for (const p of op.parameters) {
      const where = p.in === 'path' ? 'params' : 'query';
      inputs.push({
        field: `${where}.${p.name}`,
        bad: badParam(p.schema).filter((v) => !/[\ud800-\udfff]/.test(v)),
        apply: (v, attempt) => ({
          url: buildUrl(op, p.in === 'path' ? { ...base.path, [p.name]: String(v) } : base.path, p.in === 'query' ? { ...base.query, [p.name]: String(v) } : base.query),
          body: otherBody(attempt),
        }),
      });
    }
    inputs.push({
      field: 'query.zzUnknown',
      bad: fc.constantFrom('1', 'x'),
      apply: (v, attempt) => ({ url: buildUrl(op, base.path, { ...base.query, zzUnknown: String(v) }), body: otherBody(attempt) }),
    });
    if (op.body?.type.includes('json') && op.body.schema.type === 'object') {
      for (const [name, s] of Object.entries(op.body.schema.properties ?? {})) {
        inputs.push({ field: `body.${name}`, bad: badValue(s), apply: (v) => ({ url: buildUrl(op, base.path, base.query), body: { [name]: v } }) });
      }
      inputs.push({ field: 'body.zzUnknown', bad: fc.constant(1), apply: (v) => ({ url: buildUrl(op, base.path, base.query), body: { zzUnknown: v } }) });
    }
    if (op.body?.type === 'text/csv') {
      inputs.push({ field: 'body', // On the wire a text body is UTF-8: an unpaired surrogate arrives as U+FFFD (storable); NUL arrives as NUL.
        bad: fc.constantFrom('kind,code\nevent,\u000006010\n', '\u0000'), apply: (v) => ({ url: buildUrl(op, base.path, base.query), body: v }) });
    }
    for (const input of inputs) {
      const samples = fc.sample(input.bad, { numRuns: Number(process.env.WALK_BAD ?? 0) || 6, seed: Number(process.env.WALK_SEED ?? 20261202) + counts.bad });
      for (const [i, v] of samples.entries()) {
        counts.bad++;
        const lang = i % 3 === 2 ? 'en' : 'zh-CN';
        // A generated body may fail on its own (zod checks more than JSON Schema says): then try the next one.
        for (let attempt = 0; ; attempt++) {
          const { url, body } = input.apply(v, attempt);
          const res = await send(op, who, url, body, lang);
          const ctx = `${op.method} ${op.path} ${input.field}=${JSON.stringify(v)?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          assert.ok(res.statusCode === 400 || res.statusCode === 422, ctx);
          checkDeclared(op, res, lang, echoes(url, body));
          const code = JSON.parse(res.body).error.code as string;
          if (code === 'URL_INVALID' || namesField(res, input.field)) break;
          const onlyBody = !input.field.startsWith('body') && (JSON.parse(res.body).error.fields ?? []).every((f: { field: string }) => f.field.startsWith('body'));
          assert.ok(onlyBody && attempt < validBodies.length, `the error does not name ${input.field}: ${ctx}`);
        }
      }
    }

    // 2. Values the schemas accept: anything but a 5xx (and only declared errors).
    if (NO_VALID_RUN.has(`${op.method} ${op.path}`) || RAW_BODY(op)) continue;
    const query = fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, validParam(p.schema)])), { requiredKeys: [] });
    const body = op.body?.type.includes('json') ? validValue(op.body.schema) : fc.constant(fx.bodyFor(op.path, op.method));
    const segment = op.method === 'POST' ? op.path.match(/^\/api\/cases\/\{id\}\/(\w+)$/)?.[1] : undefined;
    const action = segment && segment in TRANSITIONS ? (segment as CaseAction) : undefined;
    // A case action meets a case in a state it applies to, by a user who may take it, at its current version
    // half the time: the transition itself runs on generated input, not only the checks before it.
    const target = action ? await actionTarget(action) : null;
    for (const [n, [q, b]] of fc.sample(fc.tuple(query, body), { numRuns: Number(process.env.WALK_VALID ?? 0) || (target ? 6 : 4), seed: Number(process.env.WALK_SEED ?? 7) + counts.valid }).entries()) {
      counts.valid++;
      if (target && b && typeof b === 'object') {
        if (n % 2 === 0) (b as Record<string, unknown>).version = (await drive.get(target.who, target.id)).version;
        const url = buildUrl(op, { id: String(target.id) }, q as Record<string, string>);
        const res = await send(op, target.who, url, b);
        checkDeclared(op, res, 'zh-CN', echoes(url, b));
        continue;
      }
      const url = buildUrl(op, base.path, { ...base.query, ...(q as Record<string, string>) });
      const res = await send(op, who, url, b);
      checkDeclared(op, res, 'zh-CN', echoes(url, b));
    }
  }
  const top = [...counts.errors].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([c, n]) => `${c} ${n}`).join(', ');
  tc.diagnostic(`openapi walk: ${counts.operations} operations, ${counts.bad} bad inputs (each a 400/422 naming its field), ${counts.valid} valid inputs, no 5xx; errors seen: ${top}`);
});
