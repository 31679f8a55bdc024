import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_PASSWORD } from './support/factories.ts';
import { call, login, nextIp, testApp, type TestApp } from './support/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ GUANCHENG_LOGIN_IP_LIMIT_PER_MINUTE: '8' });
});
after(async () => t.close());

const securityEvents = async (kind: string) => (await t.db.query(`SELECT * FROM security_events WHERE kind = $1 ORDER BY id`, [kind])).rows;

test('sign-in sets an HttpOnly SameSite session cookie and never stores the token itself', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Admin', password: TEST_PASSWORD }, remoteAddress: nextIp() });
  assert.equal(res.statusCode, 200);
  const cookie = res.cookies.find((c) => c.name === 'gc_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(res.json().user.username, 'admin');
  const { rows } = await t.db.query(`SELECT id FROM sessions`);
  assert.ok(rows.every((r) => r.id !== cookie.value && r.id.length === 64), 'only the SM3 digest is stored');
  assert.equal((await securityEvents('login.succeeded')).length >= 1, true);
});

test('a wrong password is a clear 401 in the caller’s language and is logged', async () => {
  const zh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: 'nope' }, remoteAddress: nextIp() });
  assert.equal(zh.statusCode, 401);
  assert.deepEqual(zh.json(), { error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' } });
  const en = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en-US,en;q=0.9' }, payload: { username: 'nobody', password: 'nope' }, remoteAddress: nextIp() });
  assert.equal(en.json().error.message, 'Wrong username or password');
  const failed = await securityEvents('login.failed');
  assert.ok(failed.some((e) => e.username === 'nobody' && e.detail.reason === 'unknownUser'));
});

test('wrong passwords past the limit lock the account, even against the right password', async () => {
  for (let i = 0; i < 4; i++) {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'receiver', password: `wrong${i}` }, remoteAddress: nextIp() });
    assert.equal(r.statusCode, 401);
  }
  const fifth = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'receiver', password: 'wrong5' }, remoteAddress: nextIp() });
  assert.equal(fifth.statusCode, 423);
  assert.equal(fifth.json().error.code, 'ACCOUNT_LOCKED');
  const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'receiver', password: TEST_PASSWORD }, remoteAddress: nextIp() });
  assert.equal(right.statusCode, 423);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'receiver'`)).rows[0].n, 0);
  assert.ok((await securityEvents('login.locked')).some((e) => e.username === 'receiver'));
  // The lock expires on its own.
  await t.db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'receiver'`);
  await login(t.app, 'receiver');
});

test('one address trying many sign-ins is slowed down', async () => {
  const ip = '192.0.2.77';
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    statuses.push((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `spray${i}`, password: 'x' }, remoteAddress: ip })).statusCode);
  }
  assert.deepEqual(statuses.slice(0, 8), Array(8).fill(401));
  assert.deepEqual(statuses.slice(8), [429, 429]);
});

test('forged, revoked and idle-expired session cookies are refused with 401', async () => {
  const forged = await call(t.app, { cookie: 'gc_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrf: 'x' }, { method: 'GET', url: '/api/grids' });
  assert.equal(forged.statusCode, 401);
  assert.equal(forged.json().error.code, 'UNAUTHENTICATED');
  const garbage = await call(t.app, { cookie: 'gc_session=<script>', csrf: 'x' }, { method: 'GET', url: '/api/grids' });
  assert.equal(garbage.statusCode, 401);

  const s = await login(t.app, 'dispatcher');
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).statusCode, 200);
  await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [t.district.users.dispatcher!.id]);
  t.state.auth.clear(); // 31 minutes have passed: far longer than a cached sign-in lives
  const idle = await call(t.app, s, { method: 'GET', url: '/api/grids' });
  assert.equal(idle.statusCode, 401);
  assert.equal(idle.json().error.code, 'SESSION_EXPIRED');
  // Touching an expired session does not revive it.
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).statusCode, 401);

  const s2 = await login(t.app, 'dispatcher');
  assert.equal((await call(t.app, s2, { method: 'POST', url: '/api/auth/logout' })).statusCode, 204);
  assert.equal((await call(t.app, s2, { method: 'GET', url: '/api/grids' })).statusCode, 401);
  assert.ok((await securityEvents('session.invalid')).length >= 2);
  assert.ok((await securityEvents('session.expired')).length >= 1);
});

test('a cookie-authenticated write without the CSRF token is refused and changes nothing', async () => {
  const s = await login(t.app, 'admin');
  const before = (await t.db.query(`SELECT time_limit FROM categories WHERE kind = 'event' AND code = '06010'`)).rows[0].time_limit;
  for (const csrfHeader of [undefined, 'wrong-token']) {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/categories/event/06010',
      headers: { cookie: s.cookie, ...(csrfHeader ? { 'x-csrf-token': csrfHeader } : {}) },
      payload: { timeLimit: 99 },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'CSRF_TOKEN_INVALID');
  }
  const afterValue = (await t.db.query(`SELECT time_limit FROM categories WHERE kind = 'event' AND code = '06010'`)).rows[0].time_limit;
  assert.equal(afterValue, before);
  assert.ok((await securityEvents('csrf.rejected')).length >= 2);
  const ok = await call(t.app, s, { method: 'PATCH', url: '/api/categories/event/06010', payload: { timeLimit: 6 } });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().timeLimit, 6);
});

test('password change enforces the policy, and an expired password only allows changing it', async () => {
  const s = await login(t.app, 'officer');
  const weak = await call(t.app, s, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'password' } });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json().error.code, 'PASSWORD_WEAK');
  assert.match(weak.json().error.message, /至少 10 个字符/);
  const withName = await call(t.app, s, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'Officer-2026-xyz' } });
  assert.equal(withName.json().error.code, 'PASSWORD_WEAK');
  const wrongCurrent = await call(t.app, s, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'nope', newPassword: 'Good-Passw0rd-1' } });
  assert.equal(wrongCurrent.statusCode, 401);

  await t.db.query(`UPDATE users SET password_changed_at = now() - interval '91 days' WHERE username = 'officer'`);
  t.state.auth.clear(); // as the trigger's NOTIFY does in a running server
  const blocked = await call(t.app, s, { method: 'GET', url: '/api/grids' });
  assert.equal(blocked.statusCode, 403);
  assert.equal(blocked.json().error.code, 'PASSWORD_EXPIRED');
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/auth/session' })).json().user.passwordExpired, true);
  const changed = await call(t.app, s, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'Good-Passw0rd-1' } });
  assert.equal(changed.statusCode, 204);
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).statusCode, 200);
  await login(t.app, 'officer', 'Good-Passw0rd-1');
  const { rows } = await t.db.query(`SELECT password_hash FROM users WHERE username = 'officer'`);
  assert.match(rows[0].password_hash, /^\$argon2id\$/);
});

test('API tokens authenticate integrations without CSRF, and revoked tokens stop working', async () => {
  const s = await login(t.app, 'admin');
  const created = await call(t.app, s, { method: 'POST', url: '/api/auth/tokens', payload: { name: '12345 热线对接' } });
  assert.equal(created.statusCode, 201);
  const { token, id } = created.json();
  assert.match(token, /^gct_/);
  const bearer = { authorization: `Bearer ${token}` };
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/grids', headers: bearer })).statusCode, 200);
  const write = await t.app.inject({ method: 'PATCH', url: '/api/categories/event/06014', headers: bearer, payload: { timeLimit: 3 } });
  assert.equal(write.statusCode, 200);
  const { rows } = await t.db.query(`SELECT token_hash, last_used_at FROM api_tokens WHERE id = $1`, [id]);
  assert.notEqual(rows[0].token_hash, token);
  assert.ok(rows[0].last_used_at);
  assert.equal((await call(t.app, s, { method: 'DELETE', url: `/api/auth/tokens/${id}` })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/grids', headers: bearer })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/grids', headers: { authorization: 'Bearer gct_forged' } })).statusCode, 401);
});

test('errors follow one shape: unknown routes and malformed bodies', async () => {
  const s = await login(t.app, 'admin');
  const missing = await call(t.app, s, { method: 'GET', url: '/api/nope' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'ROUTE_NOT_FOUND');
  const bad = await call(t.app, s, { method: 'PATCH', url: '/api/categories/event/06010', payload: { timeLimit: -1, clockType: 'sometimes' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
  // Each failing field named, in the caller's language (zh-CN by default), never zod's English.
  assert.deepEqual(bad.json().error.fields.map((f: { field: string }) => f.field), ['body.timeLimit', 'body.clockType']);
  assert.match(bad.json().error.message, /body\.timeLimit：不能小于 0\.01；body\.clockType：应为以下之一/);
  const english = await call(t.app, s, { method: 'PATCH', url: '/api/categories/event/06010', payload: { timeLimit: -1 }, headers: { 'accept-language': 'en' } });
  assert.equal(english.json().error.message, 'Invalid request: body.timeLimit must be at least 0.01');
  const unknownField = await call(t.app, s, { method: 'PATCH', url: '/api/categories/event/06010', payload: { timeLimt: 4 } });
  assert.deepEqual(unknownField.json().error.fields.map((f: { field: string }) => f.field), ['body.timeLimt']);
  const notJson = await call(t.app, s, { method: 'PATCH', url: '/api/categories/event/06010', headers: { 'content-type': 'application/json' }, payload: '{"timeLimit":' });
  assert.equal(notJson.statusCode, 400);
  assert.equal(notJson.json().error.code, 'BODY_INVALID');
  assert.equal(notJson.json().error.message, '请求体为空或不是有效的 JSON');
  assert.ok(missing.headers['x-request-id']);
  const withId = await call(t.app, s, { method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-1234567' } });
  assert.equal(withId.headers['x-request-id'], 'trace-1234567');
});
