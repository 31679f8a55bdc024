import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, login, testApp, type Session, type TestApp } from './support/app.ts';

let t: TestApp;
let admin: Session;
before(async () => {
  t = await testApp();
  admin = await login(t.app, 'admin');
});
after(async () => t.close());

const userCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n as number;
const newUser = (over: Record<string, unknown> = {}) => ({
  username: 'wangwu',
  displayName: '王五',
  roles: ['supervisor'],
  scopes: ['410104001002'],
  password: 'Grid-Patrol-2026',
  ...over,
});

test('an admin creates a user with roles, scope and unit; the user must change the password first', async () => {
  const res = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: newUser({ unitId: t.district.unitIds.squad }) });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual([res.json().username, res.json().roles, res.json().scopes, res.json().unitName, res.json().mustChangePassword], ['wangwu', ['supervisor'], ['410104001002'], '北下街执法中队', true]);
  const s = await login(t.app, 'wangwu', 'Grid-Patrol-2026');
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).json().error.code, 'PASSWORD_EXPIRED');
  assert.ok((await t.db.query(`SELECT 1 FROM security_events WHERE kind = 'user.created' AND detail->>'target' = 'wangwu'`)).rowCount);
});

test('duplicate users, weak passwords, unknown roles and scopes outside the admin’s are refused; nothing changes', async () => {
  const before = await userCount();
  const dup = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'WangWu' }) });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().error.code, 'USERNAME_TAKEN');
  const weak = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'zhaoliu', password: 'abc123' }) });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json().error.code, 'PASSWORD_WEAK');
  const role = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'zhaoliu', roles: ['superuser'] }) });
  assert.equal(role.statusCode, 400);
  const scope = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'zhaoliu', scopes: ['410105'] }) });
  assert.equal(scope.statusCode, 400);
  assert.equal(scope.json().error.code, 'SCOPE_INVALID');
  const badName = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: newUser({ username: '张三' }) });
  assert.equal(badName.statusCode, 400);
  const unit = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'zhaoliu', unitId: 99999 }) });
  assert.equal(unit.statusCode, 404);
  assert.equal(await userCount(), before);
});

test('roles and scope changes take effect at once; disabling ends sessions and tokens', async () => {
  const s = await login(t.app, 'supervisor2');
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).json().total, 1);
  const patched = await call(t.app, admin, { method: 'PATCH', url: '/api/users/supervisor2', payload: { scopes: ['410104002'] } });
  assert.equal(patched.statusCode, 200);
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).json().total, 16);
  const feed = await call(t.app, admin, { method: 'POST', url: '/api/users', payload: { username: 'video-feed', displayName: '视频分析', roles: ['receiver'], scopes: ['410104'], isIntegration: true } });
  assert.equal(feed.statusCode, 201, feed.body);
  const token = (await call(t.app, admin, { method: 'POST', url: '/api/users/video-feed/tokens', payload: { name: 'app' } })).json().token;
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/grids', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);

  const disabled = await call(t.app, admin, { method: 'POST', url: '/api/users/supervisor2/disable' });
  assert.equal(disabled.json().disabled, true);
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).statusCode, 401);
  await call(t.app, admin, { method: 'POST', url: '/api/users/video-feed/disable' });
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/grids', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
  const relogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor2', password: 'Test-Passw0rd!' }, remoteAddress: '10.9.9.9' });
  assert.equal(relogin.statusCode, 403);
  assert.equal(relogin.json().error.code, 'ACCOUNT_DISABLED');
  await call(t.app, admin, { method: 'POST', url: '/api/users/supervisor2/enable' });
  await login(t.app, 'supervisor2');
});

test('an admin reset unlocks the account and signs the user out everywhere', async () => {
  const s = await login(t.app, 'leader');
  await t.db.query(`UPDATE users SET failed_login_count = 5, locked_until = now() + interval '10 minutes' WHERE username = 'leader'`);
  const reset = await call(t.app, admin, { method: 'POST', url: '/api/users/leader/password', payload: { password: 'Fresh-Start-2026' } });
  assert.equal(reset.statusCode, 204);
  assert.equal((await call(t.app, s, { method: 'GET', url: '/api/grids' })).statusCode, 401);
  await login(t.app, 'leader', 'Fresh-Start-2026');
  const missing = await call(t.app, admin, { method: 'POST', url: '/api/users/nobody/password', payload: { password: 'Fresh-Start-2026' } });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'USER_NOT_FOUND');
});

test('lists users with filters; the dispatcher can read but not change them', async () => {
  const list = await call(t.app, admin, { method: 'GET', url: '/api/users?role=supervisor' });
  assert.deepEqual(list.json().items.map((u: { username: string }) => u.username).sort(), ['supervisor', 'supervisor2', 'wangwu']);
  const q = await call(t.app, admin, { method: 'GET', url: `/api/users?q=${encodeURIComponent('测试off')}` });
  assert.deepEqual(q.json().items.map((u: { username: string }) => u.username), ['officer']);
  const d = await login(t.app, 'dispatcher');
  assert.equal((await call(t.app, d, { method: 'GET', url: '/api/users/officer' })).statusCode, 200);
  assert.equal((await call(t.app, d, { method: 'PATCH', url: '/api/users/officer', payload: { displayName: 'x' } })).statusCode, 403);
});

test('units and calendars: create, validate, update', async () => {
  const cal = await call(t.app, admin, {
    method: 'POST',
    url: '/api/calendars',
    payload: { districtCode: '410104', code: 'sanitation-shifts', name: '环卫三班倒', definition: { days: 'everyDay', followsPublicHolidays: false, timetables: [{ name: '全年', from: '01-01', to: '12-31', periods: [{ start: '00:00', end: '24:00' }] }] } },
  });
  assert.equal(cal.statusCode, 201, cal.body);
  const overlapping = await call(t.app, admin, {
    method: 'POST',
    url: '/api/calendars',
    payload: { districtCode: '410104', code: 'bad', name: '错误', definition: { days: 'weekdays', followsPublicHolidays: true, timetables: [{ name: 'x', from: '01-01', to: '12-31', periods: [{ start: '08:00', end: '12:00' }, { start: '11:00', end: '18:00' }] }] } },
  });
  assert.equal(overlapping.statusCode, 400);
  const unit = await call(t.app, admin, { method: 'POST', url: '/api/units', payload: { code: 'HW2', name: '环卫二队', type: 'sanitation', areaCode: '410104002', calendarId: cal.json().id } });
  assert.equal(unit.statusCode, 201, unit.body);
  const dup = await call(t.app, admin, { method: 'POST', url: '/api/units', payload: { code: 'HW2', name: '重复', type: 'sanitation', areaCode: '410104002', calendarId: cal.json().id } });
  assert.equal(dup.statusCode, 409);
  const badArea = await call(t.app, admin, { method: 'POST', url: '/api/units', payload: { code: 'X1', name: '无', type: 'sanitation', areaCode: '410104099', calendarId: cal.json().id } });
  assert.equal(badArea.statusCode, 404);
  const upd = await call(t.app, admin, { method: 'PATCH', url: `/api/units/${unit.json().id}`, payload: { active: false } });
  assert.equal(upd.json().active, false);
  const handler = await login(t.app, 'handler');
  const seen = (await call(t.app, handler, { method: 'GET', url: '/api/units' })).json().items.map((u: { code: string }) => u.code);
  assert.ok(seen.includes('JD001') && seen.includes('HW') && !seen.includes('HW2'), `handler of street 001 sees ${seen}`);
});
