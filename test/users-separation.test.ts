/**
 * Separation of duties on accounts (shared/roles.ts ROLE_SETS): admin, auditor and case work never share an
 * account, handling units' roles never share one with the centre's, and handlers and officers name their unit.
 * Accounts that break the rule (made before it, or by SQL) are listed and cannot sign in until split.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/server/config.ts';
import { startServer } from '../src/server/server.ts';
import { roleConflict, ROLES, type Role } from '../src/shared/roles.ts';
import { findRoleConflicts } from '../src/server/modules/users/user.service.ts';
import { call, login, nextIp, testApp, type Session, type TestApp } from './support/app.ts';
import { TEST_PASSWORD } from './support/factories.ts';

let t: TestApp;
let admin: Session;
before(async () => {
  t = await testApp();
  admin = await login(t.app, 'admin');
});
after(async () => t.close());

const person = (username: string, roles: Role[], over: Record<string, unknown> = {}) => ({
  username, displayName: username, roles, scopes: ['410104'], password: 'Grid-Patrol-2026', ...over,
});
const create = (body: Record<string, unknown>, lang = 'zh-CN') =>
  call(t.app, admin, { method: 'POST', url: '/api/users', payload: body, headers: { 'accept-language': lang } });
const userCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n as number;
const rolesOf = async (username: string) =>
  (await t.db.query(`SELECT array_agg(role ORDER BY role) AS r FROM user_roles JOIN users u ON u.id = user_id WHERE u.username = $1`, [username])).rows[0].r as string[];
const signIn = (username: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD }, remoteAddress: nextIp() });

test('the rule as data: admin and auditor alone, the centre’s roles together, the units’ roles together', () => {
  const ok: Role[][] = [['admin'], ['auditor'], ['receiver', 'shiftLeader'], ['supervisor', 'dispatcher'], ['receiver', 'shiftLeader', 'dispatcher', 'leader'], ['handler', 'officer']];
  for (const roles of ok) assert.equal(roleConflict(roles), null, roles.join('+'));
  for (const r of ROLES) assert.equal(roleConflict([r]), null, r);
  assert.equal(roleConflict(['admin', 'dispatcher']), 'admin');
  assert.equal(roleConflict(['admin', 'auditor']), 'admin');
  assert.equal(roleConflict(['auditor', 'leader']), 'auditor');
  assert.equal(roleConflict(['handler', 'supervisor']), 'handling');
  assert.equal(roleConflict(['officer', 'dispatcher']), 'handling');
  assert.equal(roleConflict(['handler', 'leader']), 'handling');
  assert.equal(roleConflict(['receiver'], { integration: true }), null);
  assert.equal(roleConflict(['admin'], { integration: true }), 'integration');
  assert.equal(roleConflict(['auditor'], { integration: true }), 'integration');
});

test('roles that cannot share an account are refused on create and update with ROLES_INCOMPATIBLE; nothing changes', async () => {
  const before = await userCount();
  const adminDispatcher = await create(person('zhao.admin', ['admin', 'dispatcher']));
  assert.equal(adminDispatcher.statusCode, 422, adminDispatcher.body);
  assert.equal(adminDispatcher.json().error.code, 'ROLES_INCOMPATIBLE');
  assert.equal(adminDispatcher.json().error.message, '这些角色不能由同一账号兼任：系统管理员不兼任其他角色');
  const auditorLeader = await create(person('qian.audit', ['auditor', 'leader']), 'en');
  assert.equal(auditorLeader.json().error.code, 'ROLES_INCOMPATIBLE');
  assert.equal(auditorLeader.json().error.message, 'One account cannot hold these roles: the auditor holds no other role');
  const fixerChecker = await create(person('sun.fix', ['handler', 'supervisor'], { unitId: t.district.unitIds.streetOffice }));
  assert.equal(fixerChecker.json().error.code, 'ROLES_INCOMPATIBLE');
  assert.match(fixerChecker.json().error.message, /处置单位人员、执法队员不兼任监督指挥中心的角色或领导/);
  assert.equal(await userCount(), before);

  const smallCentre = await create(person('li.duty', ['receiver', 'shiftLeader']));
  assert.equal(smallCentre.statusCode, 201, smallCentre.body);
  const squad = await create(person('zhou.squad', ['handler', 'officer'], { unitId: t.district.unitIds.squad }));
  assert.equal(squad.statusCode, 201, squad.body);

  const patched = await call(t.app, admin, { method: 'PATCH', url: '/api/users/receiver', payload: { roles: ['receiver', 'admin'] } });
  assert.equal(patched.statusCode, 422);
  assert.equal(patched.json().error.code, 'ROLES_INCOMPATIBLE');
  assert.deepEqual(await rolesOf('receiver'), ['receiver']);
});

test('handlers and officers need a unit, on create and on update', async () => {
  const before = await userCount();
  for (const roles of [['handler'], ['officer'], ['handler', 'officer']] as Role[][]) {
    const res = await create(person(`nounit.${roles.join('')}`.toLowerCase(), roles));
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.code, 'UNIT_REQUIRED');
  }
  assert.equal(await userCount(), before);
  const dropUnit = await call(t.app, admin, { method: 'PATCH', url: '/api/users/handler', payload: { unitId: null } });
  assert.equal(dropUnit.json().error.code, 'UNIT_REQUIRED');
  const becomeHandler = await call(t.app, admin, { method: 'PATCH', url: '/api/users/leader', payload: { roles: ['handler'] } });
  assert.equal(becomeHandler.json().error.code, 'UNIT_REQUIRED');
  const withUnit = await call(t.app, admin, { method: 'PATCH', url: '/api/users/leader', payload: { roles: ['handler'], unitId: t.district.unitIds.sanitation } });
  assert.equal(withUnit.statusCode, 200, withUnit.body);
  await call(t.app, admin, { method: 'PATCH', url: '/api/users/leader', payload: { roles: ['leader'], unitId: null } });
  assert.equal((await t.db.query(`SELECT unit_id FROM users WHERE username = 'handler'`)).rows[0].unit_id, t.district.unitIds.streetOffice);
});

test('an account whose roles break the rule is listed and refused sign-in, by password, session or token, until split', async () => {
  const session = await login(t.app, 'dispatcher');
  const feed = await create({ username: 'hotline-x', displayName: '热线对接', roles: ['receiver'], scopes: ['410104'], isIntegration: true });
  assert.equal(feed.statusCode, 201, feed.body);
  const token = (await call(t.app, admin, { method: 'POST', url: '/api/users/hotline-x/tokens', payload: { name: '12345' } })).json().token as string;
  const bearer = () => t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${token}` } });
  assert.equal((await call(t.app, session, { method: 'GET', url: '/api/cases' })).statusCode, 200);
  assert.equal((await bearer()).statusCode, 200);

  // As an old release or a hand-written SQL statement could have left them.
  await t.db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE username = 'dispatcher'`);
  await t.db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'handler' FROM users WHERE username = 'hotline-x'`);
  t.state.auth.clear(); // as the triggers' NOTIFY does in a running server
  const listed = await findRoleConflicts(t.db);
  assert.deepEqual(listed.map((u) => [u.username, u.roles, u.conflict]), [['dispatcher', ['admin', 'dispatcher'], 'admin'], ['hotline-x', ['handler', 'receiver'], 'handling']]);

  const refused = await signIn('dispatcher');
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'ACCOUNT_ROLES_INCOMPATIBLE');
  assert.equal(refused.json().error.message, '该账号持有不能兼任的角色（系统管理员不兼任其他角色），暂停登录，请管理员将其拆分为多个账号');
  assert.equal(refused.cookies.length, 0);
  assert.equal((await call(t.app, session, { method: 'GET', url: '/api/cases' })).statusCode, 401);
  assert.equal((await bearer()).statusCode, 401);
  const { rows: logged } = await t.db.query(`SELECT kind FROM security_events WHERE detail->>'reason' = 'rolesIncompatible' ORDER BY id`);
  assert.deepEqual([...new Set(logged.map((e) => e.kind))].sort(), ['apiToken.invalid', 'login.failed', 'session.invalid']);

  // The admin splits them: what is left signs in again.
  assert.equal((await call(t.app, admin, { method: 'PATCH', url: '/api/users/dispatcher', payload: { roles: ['dispatcher'] } })).statusCode, 200);
  assert.equal((await call(t.app, admin, { method: 'PATCH', url: '/api/users/hotline-x', payload: { roles: ['receiver'] } })).statusCode, 200);
  assert.deepEqual(await findRoleConflicts(t.db), []);
  assert.equal((await signIn('dispatcher')).statusCode, 200);
  assert.equal((await bearer()).statusCode, 200);
});

test('an integration account holds case-work roles only and takes no password', async () => {
  const asAdmin = await create({ username: 'feed-admin', displayName: '集成', roles: ['admin'], scopes: ['410104'], isIntegration: true });
  assert.equal(asAdmin.statusCode, 422);
  assert.equal(asAdmin.json().error.code, 'ROLES_INCOMPATIBLE');
  assert.match(asAdmin.json().error.message, /集成账号只能持有业务角色/);
  const asAuditor = await create({ username: 'feed-audit', displayName: '集成', roles: ['auditor'], scopes: ['410104'], isIntegration: true });
  assert.equal(asAuditor.json().error.code, 'ROLES_INCOMPATIBLE');
  const withPassword = await create({ username: 'feed-pw', displayName: '集成', roles: ['receiver'], scopes: ['410104'], isIntegration: true, password: 'Grid-Patrol-2026' });
  assert.equal(withPassword.json().error.code, 'USER_IS_INTEGRATION');
  const personWithout = await create({ username: 'nopassword', displayName: '无密码', roles: ['receiver'], scopes: ['410104'] });
  assert.equal(personWithout.statusCode, 400);
  assert.deepEqual(personWithout.json().error.fields, [{ field: 'body.password', message: '必填' }]);
});

test('the start-up names the accounts refused sign-in for their roles', { timeout: 60_000 }, async () => {
  await t.db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'auditor' FROM users WHERE username = 'leader'`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-start-'));
  const lines: string[] = [];
  try {
    const cfg = loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url, HOST: '127.0.0.1', PORT: '0', GUANCHENG_DEMO: 'false', GUANCHENG_LOG_LEVEL: 'silent', GUANCHENG_AUDIT_KEY_FILE: path.join(dir, 'audit.key') });
    const running = await startServer(cfg, (l) => lines.push(l));
    await running.stop();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.db.query(`DELETE FROM user_roles WHERE role = 'auditor' AND user_id = (SELECT id FROM users WHERE username = 'leader')`);
  }
  const warned = lines.filter((l) => l.includes('sign-in refused'));
  assert.equal(warned.length, 1, lines.join('\n'));
  assert.match(warned[0]!, /leader \(auditor, leader\)/);
});
