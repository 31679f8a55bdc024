/**
 * Credentials and the admin (等保 2.0): API tokens are minted by their owner, or by an admin for integration
 * accounts only; tokens expire (GUANCHENG_TOKEN_DAYS) and can be listed and revoked; the security log names who
 * minted or revoked which account's token. A password an admin sets works only to set the user's own.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, login, nextIp, testApp, type Session, type TestApp } from './support/app.ts';

let t: TestApp;
let admin: Session;
const DAY = 86_400_000;
before(async () => {
  t = await testApp({ GUANCHENG_TOKEN_DAYS: '30' });
  admin = await login(t.app, 'admin');
  const feed = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: { username: 'hotline', displayName: '12345 热线对接', roles: ['receiver'], scopes: ['410104'], isIntegration: true } });
  assert.equal(feed.statusCode, 201, feed.body);
  assert.equal(feed.json().isIntegration, true);
});
after(async () => t.close());

const tokenCount = async (username: string) =>
  (await t.db.query(`SELECT count(*)::int AS n FROM api_tokens JOIN users u ON u.id = user_id WHERE u.username = $1`, [username])).rows[0].n as number;
const lastEvent = async (kind: string) => (await t.db.query(`SELECT * FROM security_events WHERE kind = $1 ORDER BY id DESC LIMIT 1`, [kind])).rows[0];
const bearer = (token: string) => t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${token}` } });
const near = (iso: string, ms: number) => Math.abs(new Date(iso).getTime() - (Date.now() + ms)) < 60_000;

test('an admin gets no token for a person or the auditor, and cannot see or revoke theirs', async () => {
  for (const who of ['leader', 'receiver', 'auditor', 'admin']) {
    const minted = await call(t.app, admin, { method: 'POST', url: `/api/users/${who}/tokens`, payload: { name: 'x' } });
    assert.equal(minted.statusCode, 403, `${who}: ${minted.body}`);
    assert.equal(minted.json().error.code, 'API_TOKEN_INTEGRATION_ONLY');
    assert.equal((await call(t.app, admin, { method: 'GET', url: `/api/users/${who}/tokens` })).json().error.code, 'API_TOKEN_INTEGRATION_ONLY');
    assert.equal(await tokenCount(who), 0);
  }
  // The admin's own token is the admin's own: minted by the admin, for the admin.
  const own = await call(t.app, admin, { method: 'POST', url: '/api/auth/tokens', payload: { name: 'ci' } });
  assert.equal(own.statusCode, 201);
  const revokeOwnViaAdminRoute = await call(t.app, admin, { method: 'DELETE', url: `/api/users/admin/tokens/${own.json().id}` });
  assert.equal(revokeOwnViaAdminRoute.json().error.code, 'API_TOKEN_INTEGRATION_ONLY');
});

test('an admin mints, lists and revokes an integration account’s tokens; the log names who did it and for whom', async () => {
  const minted = await call(t.app, admin, { method: 'POST', url: '/api/users/hotline/tokens', payload: { name: '12345 交换' } });
  assert.equal(minted.statusCode, 201, minted.body);
  const { id, token, expiresAt } = minted.json();
  assert.ok(near(expiresAt, 30 * DAY), `expires in GUANCHENG_TOKEN_DAYS (30): ${expiresAt}`);
  const created = await lastEvent('apiToken.created');
  assert.deepEqual([created.user_id, created.username, created.detail.target, created.detail.tokenId], [t.district.users.admin!.id, 'admin', 'hotline', id]);
  const row = (await t.db.query(`SELECT t.created_by, u.username FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`, [id])).rows[0];
  assert.deepEqual(row, { created_by: t.district.users.admin!.id, username: 'hotline' });
  assert.equal((await bearer(token)).statusCode, 200);

  const listed = await call(t.app, admin, { method: 'GET', url: '/api/users/hotline/tokens' });
  assert.equal(listed.statusCode, 200);
  assert.deepEqual(listed.json().items.map((x: { id: number; createdBy: string; name: string }) => [x.id, x.createdBy, x.name]), [[id, 'admin', '12345 交换']]);

  const tooLong = await call(t.app, admin, { method: 'POST', url: '/api/users/hotline/tokens', payload: { name: 'long', expiresInDays: 31 } });
  assert.equal(tooLong.statusCode, 422);
  assert.equal(tooLong.json().error.code, 'API_TOKEN_TOO_LONG');
  assert.equal(tooLong.json().error.message, '接口令牌有效期最长 30 天');

  const revoked = await call(t.app, admin, { method: 'DELETE', url: `/api/users/hotline/tokens/${id}` });
  assert.equal(revoked.statusCode, 204);
  assert.equal((await bearer(token)).statusCode, 401);
  const ev = await lastEvent('apiToken.revoked');
  assert.deepEqual([ev.username, ev.detail.target, ev.detail.tokenId], ['admin', 'hotline', id]);
  assert.equal((await call(t.app, admin, { method: 'DELETE', url: `/api/users/hotline/tokens/${id}` })).statusCode, 404);
  assert.deepEqual((await call(t.app, admin, { method: 'GET', url: '/api/users/hotline/tokens' })).json().items, []);
});

test('an owner’s token expires after GUANCHENG_TOKEN_DAYS by default and at most; an expired token stops working', async () => {
  const own = await call(t.app, admin, { method: 'POST', url: '/api/auth/tokens', payload: { name: 'backup' } });
  assert.ok(near(own.json().expiresAt, 30 * DAY));
  const shorter = await call(t.app, admin, { method: 'POST', url: '/api/auth/tokens', payload: { name: 'short', expiresInDays: 7 } });
  assert.ok(near(shorter.json().expiresAt, 7 * DAY));
  assert.equal((await call(t.app, admin, { method: 'POST', url: '/api/auth/tokens', payload: { name: 'forever', expiresInDays: 3650 } })).json().error.code, 'API_TOKEN_TOO_LONG');
  const mine = (await call(t.app, admin, { method: 'GET', url: '/api/auth/tokens' })).json().items as Array<{ name: string; createdBy: string; expiresAt: string }>;
  assert.ok(mine.some((x) => x.name === 'backup' && x.createdBy === 'admin'));
  assert.ok(mine.every((x) => x.expiresAt !== null));

  const grids = () => t.app.inject({ method: 'GET', url: '/api/grids', headers: { authorization: `Bearer ${own.json().token}` } });
  assert.equal((await grids()).statusCode, 200);
  await t.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [own.json().id]);
  t.state.auth.clear();
  assert.equal((await grids()).statusCode, 401);
});

test('an integration account never signs in with a password and has none to reset', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hotline', password: 'Whatever-2026!' }, remoteAddress: nextIp() });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().error.code, 'INVALID_CREDENTIALS');
  const reset = await call(t.app, admin, { method: 'POST', url: '/api/users/hotline/password', payload: { password: 'Fresh-Start-2026' } });
  assert.equal(reset.statusCode, 422);
  assert.equal(reset.json().error.code, 'USER_IS_INTEGRATION');
  assert.equal((await lastEvent('login.failed')).detail.reason, 'integrationAccount');
});

test('a password an admin sets (on creation or reset) must be changed at the next sign-in; the admin cannot say otherwise', async () => {
  const keep = await call(t.app, admin, { method: 'POST', url: '/api/users/leader/password', payload: { password: 'Fresh-Start-2026', mustChangePassword: false } });
  assert.equal(keep.statusCode, 400);
  assert.deepEqual(keep.json().error.fields.map((f: { field: string }) => f.field), ['body.mustChangePassword']);
  const reset = await call(t.app, admin, { method: 'POST', url: '/api/users/leader/password', payload: { password: 'Fresh-Start-2026' } });
  assert.equal(reset.statusCode, 204);
  assert.equal((await t.db.query(`SELECT must_change_password FROM users WHERE username = 'leader'`)).rows[0].must_change_password, true);
  const s = await login(t.app, 'leader', 'Fresh-Start-2026');
  const blocked = await call(t.app, s, { method: 'GET', url: '/api/cases' });
  assert.equal(blocked.statusCode, 403);
  assert.equal(blocked.json().error.code, 'PASSWORD_EXPIRED');
  // Only setting a password of the user's own opens the account.
  assert.equal((await call(t.app, s, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'Fresh-Start-2026', newPassword: 'Mine-Only-2026!' } })).statusCode, 204);
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/cases' })).statusCode, 200);

  const created = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: { username: 'wangwu', displayName: '王五', roles: ['supervisor'], scopes: ['410104001'], password: 'Grid-Patrol-2026', mustChangePassword: false } });
  assert.equal(created.statusCode, 400);
  const ok = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: { username: 'wangwu', displayName: '王五', roles: ['supervisor'], scopes: ['410104001'], password: 'Grid-Patrol-2026' } });
  assert.equal(ok.json().mustChangePassword, true);
});
