/**
 * Role × endpoint authorization matrix: every route, every role, the exact status. Unseen records are
 * 404, seen-but-forbidden actions 403, anonymous callers 401. A change to a permission shows up here.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';

const CALLERS = ['anon', 'admin', 'auditor', 'leader', 'receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer'] as const;
type Caller = (typeof CALLERS)[number];
const STAFF: Caller[] = ['admin', 'leader', 'receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer'];

interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  contentType?: string;
  /** callers that get `ok`; everyone else signed in gets `otherwise` (403 unless said), anonymous 401 */
  allowed: Caller[];
  ok: number;
  otherwise?: Partial<Record<Caller, number>>;
}

let t: TestApp;
const sessions = new Map<Caller, Session>();
let unitId = 0;

before(async () => {
  t = await testApp();
  for (const c of CALLERS) if (c !== 'anon') sessions.set(c, await login(t.app, c));
  unitId = t.district.unitIds.squad;
  const feed = await call(t.app, sessions.get('admin')!, { method: 'POST', url: '/api/users', payload: { username: 'hotline-feed', displayName: '12345 热线对接', roles: ['receiver'], scopes: ['410104'], isIntegration: true } });
  assert.equal(feed.statusCode, 201, feed.body);
});
after(async () => t.close());

let seq = 0;
const rows = (): Row[] => [
  { method: 'GET', url: '/api/auth/session', allowed: [...STAFF, 'auditor'], ok: 200 },
  { method: 'GET', url: '/api/divisions', allowed: STAFF, ok: 200 },
  { method: 'GET', url: '/api/divisions/410104001', allowed: STAFF, ok: 200 },
  { method: 'GET', url: '/api/grids', allowed: STAFF, ok: 200 },
  // A supervisor's own grid: visible to them and to everyone whose scope covers street 001.
  { method: 'GET', url: '/api/grids/410104001001001', allowed: STAFF, ok: 200 },
  // A grid in street 002: unseen by the street-001 handler, officer and supervisor → 404, not 403.
  { method: 'GET', url: '/api/grids/410104002001001', allowed: ['admin', 'leader', 'receiver', 'shiftleader', 'dispatcher'], ok: 200, otherwise: { supervisor: 404, handler: 404, officer: 404 } },
  { method: 'GET', url: `/api/locate?lng=${113.7005}&lat=${34.7035}`, allowed: STAFF, ok: 200 },
  { method: 'GET', url: '/api/categories?kind=event&majorCode=06', allowed: STAFF, ok: 200 },
  { method: 'GET', url: '/api/categories/event/06010', allowed: STAFF, ok: 200 },
  { method: 'GET', url: '/api/category-mappings', allowed: STAFF, ok: 200 },
  { method: 'PATCH', url: '/api/categories/event/06010', body: { timeLimit: 5 }, allowed: ['admin'], ok: 200 },
  { method: 'POST', url: '/api/categories', body: { kind: 'event', code: `1200${seq % 10}`, name: '本地测试类别', majorName: '本地' }, allowed: ['admin'], ok: 201 },
  { method: 'PUT', url: '/api/category-mappings', body: { scheme: 'CJ/T 214-2007', legacyKind: 'event', legacyCode: '0101', legacyName: '暴露垃圾', kind: 'event', code: '06010' }, allowed: ['admin'], ok: 204 },
  { method: 'POST', url: '/api/categories/import', body: 'kind,major_code,major_name,code,name\nevent,06,市容环境类,06010,暴露垃圾\n', contentType: 'text/csv', allowed: ['admin'], ok: 200 },
  // Work queues: every case worker (an empty queue for the leader); not the admin (等保: no case work) or the auditor.
  { method: 'GET', url: '/api/cases/queue', allowed: ['leader', 'receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer'], ok: 200 },
  { method: 'GET', url: '/api/cases/queue/summary', allowed: ['leader', 'receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer'], ok: 200 },
  { method: 'GET', url: '/api/units', allowed: STAFF, ok: 200 },
  { method: 'GET', url: `/api/units/${unitId}`, allowed: STAFF, ok: 200 },
  { method: 'POST', url: '/api/units', body: { code: `T${++seq}`, name: '测试单位', type: 'municipal', areaCode: '410104', calendarId: t.district.calendarId }, allowed: ['admin'], ok: 201 },
  { method: 'PATCH', url: `/api/units/${unitId}`, body: { phone: '0371-66001234' }, allowed: ['admin'], ok: 200 },
  { method: 'GET', url: '/api/calendars', allowed: STAFF, ok: 200 },
  { method: 'GET', url: `/api/calendars/${t.district.calendarId}`, allowed: STAFF, ok: 200 },
  { method: 'PATCH', url: `/api/calendars/${t.district.calendarId}`, body: { name: '机关作息（改）' }, allowed: ['admin'], ok: 200 },
  { method: 'GET', url: '/api/users', allowed: ['admin', 'leader', 'dispatcher'], ok: 200 },
  { method: 'GET', url: '/api/users/officer', allowed: ['admin', 'leader', 'dispatcher'], ok: 200 },
  { method: 'POST', url: '/api/users', body: { username: `new${++seq}`, displayName: '新用户', roles: ['supervisor'], scopes: ['410104001'], password: 'Str0ng-Passw0rd' }, allowed: ['admin'], ok: 201 },
  { method: 'PATCH', url: '/api/users/officer', body: { phone: '13800000000' }, allowed: ['admin'], ok: 200 },
  { method: 'POST', url: '/api/users/supervisor2/password', body: { password: 'An0ther-Passw0rd' }, allowed: ['admin'], ok: 204 },
  { method: 'POST', url: '/api/users/supervisor2/enable', allowed: ['admin'], ok: 200 },
  // API tokens: an admin manages those of integration accounts (and no one else's: 403 for a person, even to the admin).
  { method: 'POST', url: '/api/users/hotline-feed/tokens', body: { name: 'hotline' }, allowed: ['admin'], ok: 201 },
  { method: 'GET', url: '/api/users/hotline-feed/tokens', allowed: ['admin'], ok: 200 },
  { method: 'DELETE', url: '/api/users/hotline-feed/tokens/999999', allowed: ['admin'], ok: 404 },
  { method: 'POST', url: '/api/users/officer/tokens', body: { name: 'hotline' }, allowed: [], ok: 201 },
  { method: 'GET', url: '/api/users/officer/tokens', allowed: [], ok: 200 },
  { method: 'POST', url: '/api/grids/410104001001001/assignments', body: { username: 'officer', duty: 'officer' }, allowed: ['admin'], ok: 201 },
  { method: 'POST', url: '/api/grids/import?dryRun=true', body: '{"type":"FeatureCollection","features":[]}', contentType: 'application/geo+json', allowed: ['admin'], ok: 200 },
  { method: 'POST', url: '/api/divisions/import?districtCode=410104&dryRun=true', body: '{"type":"FeatureCollection","features":[]}', contentType: 'application/geo+json', allowed: ['admin'], ok: 200 },
  { method: 'GET', url: '/api/auth/tokens', allowed: ['admin'], ok: 200 },
  { method: 'POST', url: '/api/auth/tokens', body: { name: 'ci' }, allowed: ['admin'], ok: 201 },
  // 等保 separation of duties: only the auditor reads the security log — not even the admin.
  { method: 'GET', url: '/api/security-events', allowed: ['auditor'], ok: 200 },
  // Everyone signed in keeps their own preferences.
  { method: 'GET', url: '/api/me/preferences', allowed: [...STAFF, 'auditor'], ok: 200 },
  { method: 'PATCH', url: '/api/me/preferences', body: { stockPhrases: ['请尽快处置'] }, allowed: [...STAFF, 'auditor'], ok: 200 },
  // The hotline form's place search: whoever reads divisions.
  { method: 'GET', url: `/api/places?q=${encodeURIComponent('北下街')}`, allowed: STAFF, ok: 200 },
  // The centre's alarm: its three desks.
  { method: 'GET', url: '/api/cases/alerts', allowed: ['receiver', 'shiftleader', 'dispatcher'], ok: 200 },
  { method: 'POST', url: '/api/cases/999999/acknowledgeAlert', allowed: ['receiver', 'shiftleader', 'dispatcher'], ok: 404 },
  // A reporter's contact: those who call back.
  { method: 'POST', url: '/api/cases/999999/revealContact', body: { reason: '回访市民' }, allowed: ['receiver', 'shiftleader'], ok: 404 },
];

test('every role gets exactly the status the matrix says on every endpoint', async () => {
  const failures: string[] = [];
  let checked = 0;
  for (const caller of CALLERS) {
    for (const row of rows()) {
      const expected = caller === 'anon' ? 401 : row.allowed.includes(caller) ? row.ok : (row.otherwise?.[caller] ?? 403);
      const payload = typeof row.body === 'string' ? row.body : row.body === undefined ? undefined : JSON.stringify(row.body);
      const headers: Record<string, string> = {};
      if (payload !== undefined) headers['content-type'] = row.contentType ?? 'application/json';
      const res = await call(t.app, sessions.get(caller) ?? null, { method: row.method, url: row.url, payload, headers });
      checked++;
      if (res.statusCode !== expected) failures.push(`${caller} ${row.method} ${row.url}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      else if (expected >= 400) assert.ok(res.json().error.code && res.json().error.message, 'error body has code and message');
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checked >= CALLERS.length * 30);
});

test('every forbidden attempt is in the security log with who, what and the request id', async () => {
  const { rows: denied } = await t.db.query(`SELECT username, detail, request_id FROM security_events WHERE kind = 'permission.denied'`);
  assert.ok(denied.length > 100);
  assert.ok(denied.every((d) => d.username && d.request_id && d.detail.route));
  const sup = denied.find((d) => d.username === 'supervisor' && d.detail.route === '/api/users');
  assert.ok(sup, 'supervisor listing users was logged');
});

test('the OpenAPI document lists every route of the matrix and is public', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(res.statusCode, 200);
  const paths = Object.keys(res.json().paths);
  for (const p of ['/api/grids', '/api/grids/{code}', '/api/locate', '/api/users', '/api/categories/{kind}/{code}', '/api/security-events', '/healthz', '/readyz']) {
    assert.ok(paths.includes(p), `${p} documented`);
  }
  const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
  assert.ok([200, 302].includes(docs.statusCode));
});
