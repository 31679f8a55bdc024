/**
 * The `guancheng` CLI as an operator runs it: `node bin/guancheng.js …` in a child process against a
 * cloned test database (DATABASE_URL). Exit codes: 0 ok, 2 usage (one line on stderr), 1 anything else.
 * Each process start costs ~1.5 s, so the file keeps to a handful of spawns.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../src/server/config.ts';
import { testDb, type TestDb } from './support/db.ts';
import { seedMiniDistrict } from './support/factories.ts';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let t: TestDb;
let tmp: string;
const children = new Set<ReturnType<typeof spawn>>();

function cli(args: string[], opts: { lang?: 'en' | 'zh'; input?: string } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, GUANCHENG_DEMO: 'false', LANG: opts.lang === 'zh' ? 'zh_CN.UTF-8' : 'en_US.UTF-8' };
  delete env.GUANCHENG_DATA_DIR;
  delete env.GUANCHENG_DEBUG;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'guancheng.js'), ...args], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** stderr holds exactly one non-empty line. */
function oneLine(r: CliResult): string {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  return lines[0]!;
}

async function userRow(username: string) {
  const { rows } = await t.db.query(
    `SELECT u.id, u.display_name, u.password_hash, u.disabled_at, u.must_change_password,
            ARRAY(SELECT role FROM user_roles r WHERE r.user_id = u.id ORDER BY role) AS roles,
            ARRAY(SELECT scope_code FROM user_scopes s WHERE s.user_id = u.id ORDER BY scope_code) AS scopes
       FROM users u WHERE u.username = $1`,
    [username],
  );
  return rows[0] as { id: number; display_name: string; password_hash: string; disabled_at: Date | null; must_change_password: boolean; roles: string[]; scopes: string[] } | undefined;
}

async function count(table: string): Promise<number> {
  const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n as number;
}

const STRONG = 'Str0ng-Passw0rd!';
const STRONG2 = 'An0ther-Secret#';

before(async () => {
  t = await testDb();
  await seedMiniDistrict(t.db);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-cli-'));
});

after(async () => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
  await t.drop();
});

test('--help, an unknown command and a bad flag', { timeout: 120_000 }, async () => {
  const [help, unknown, badFlag] = await Promise.all([cli(['--help']), cli(['frobnicate']), cli(['user', 'add', 'x', '--colour', 'red'])]);
  assert.equal(help.code, 0, help.stderr);
  for (const cmd of ['start', 'migrate', 'demo', 'import', 'user']) assert.match(help.stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'), `help lists ${cmd}`);
  assert.equal(help.stderr, '');

  assert.equal(unknown.code, 2);
  assert.match(oneLine(unknown), /^guancheng: unknown command "frobnicate"/);
  assert.equal(unknown.stdout, '');

  assert.equal(badFlag.code, 2);
  assert.match(oneLine(badFlag), /^guancheng: .*--colour/);
});

test('migrate on an up-to-date database exits 0', { timeout: 120_000 }, async () => {
  const r = await cli(['migrate']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /up to date/);
});

test('user add creates a user with roles, scopes and an argon2id hash; a duplicate changes nothing', { timeout: 120_000 }, async () => {
  const r = await cli(['user', 'add', 'Zhang.San', '--name', '张三', '--role', 'supervisor,dispatcher', '--scope', '410104001001,410104002', '--password', STRONG]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /created zhang\.san/);
  const u = await userRow('zhang.san');
  assert.ok(u, 'user stored under the lower-cased name');
  assert.equal(u.display_name, '张三');
  assert.deepEqual(u.roles, ['dispatcher', 'supervisor']);
  assert.deepEqual(u.scopes, ['410104001001', '410104002']);
  assert.ok(u.password_hash.startsWith('$argon2id$'), u.password_hash);
  assert.equal(u.disabled_at, null);
  assert.equal(u.must_change_password, false);

  const usersBefore = await count('users');
  const dup = await cli(['user', 'add', 'zhang.san', '--name', '李四', '--role', 'admin', '--scope', '410104', '--password', STRONG2], { lang: 'zh' });
  assert.equal(dup.code, 1);
  assert.equal(oneLine(dup), 'guancheng: 用户名已存在：zhang.san [USERNAME_TAKEN]');
  assert.equal(await count('users'), usersBefore);
  assert.deepEqual(await userRow('zhang.san'), u, 'the existing user is unchanged');
});

test('user add with a weak password exits 1 naming the rules', { timeout: 120_000 }, async () => {
  const r = await cli(['user', 'add', 'weakling', '--role', 'supervisor', '--scope', '410104001', '--password', 'weakling1']);
  assert.equal(r.code, 1);
  const line = oneLine(r);
  assert.match(line, /\[PASSWORD_WEAK\]$/);
  assert.match(line, /at least 10 characters/);
  assert.match(line, /at least three of: upper-case, lower-case, digits, symbols/);
  assert.match(line, /must not contain the username/);
  assert.equal(await userRow('weakling'), undefined);
});

test('user add --password-stdin', { timeout: 120_000 }, async () => {
  const r = await cli(['user', 'add', 'lisi', '--name', '李四', '--role', 'handler', '--scope', '410104001', '--unit', 'JD001', '--password-stdin'], { input: `${STRONG2}\n` });
  assert.equal(r.code, 0, r.stderr);
  const u = await userRow('lisi');
  assert.ok(u);
  assert.deepEqual(u.roles, ['handler']);
  const { rows } = await t.db.query(`SELECT u.code FROM users JOIN units u ON u.id = users.unit_id WHERE username = 'lisi'`);
  assert.equal(rows[0]?.code, 'JD001');
  // The stored hash verifies against the password read from stdin (and only the first line of it).
  const { verifyPassword } = await import('../src/server/modules/auth/password.ts');
  assert.equal(await verifyPassword(u.password_hash, STRONG2), true);
});

test('user passwd changes the hash; user disable sets disabled_at; an unknown user exits 1', { timeout: 120_000 }, async () => {
  const before = await userRow('zhang.san');
  assert.ok(before);
  const [pw, missing] = await Promise.all([
    cli(['user', 'passwd', 'zhang.san', '--password', STRONG2, '--temporary']),
    cli(['user', 'passwd', 'nosuchuser', '--password', STRONG2]),
  ]);
  assert.equal(pw.code, 0, pw.stderr);
  const changed = await userRow('zhang.san');
  assert.ok(changed);
  assert.notEqual(changed.password_hash, before.password_hash);
  assert.ok(changed.password_hash.startsWith('$argon2id$'));
  assert.equal(changed.must_change_password, true);
  const { verifyPassword } = await import('../src/server/modules/auth/password.ts');
  assert.equal(await verifyPassword(changed.password_hash, STRONG2), true);

  assert.equal(missing.code, 1);
  assert.equal(oneLine(missing), 'guancheng: No such user: nosuchuser [USER_NOT_FOUND]');

  const dis = await cli(['user', 'disable', 'zhang.san']);
  assert.equal(dis.code, 0, dis.stderr);
  const disabled = await userRow('zhang.san');
  assert.ok(disabled?.disabled_at instanceof Date);
});

test('user check lists accounts whose roles cannot share an account; user roles splits them', { timeout: 120_000 }, async () => {
  // As an old release or hand-written SQL could have left it: a dispatcher who is also the admin.
  await t.db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE username = 'dispatcher'`);
  const [check, refused] = await Promise.all([cli(['user', 'check']), cli(['user', 'roles', 'receiver', '--role', 'receiver,handler'])]);
  assert.equal(check.code, 1, check.stderr);
  assert.equal(check.stdout, 'dispatcher\tadmin,dispatcher\tOne account cannot hold these roles: the administrator holds no other role\n1 个账号须拆分后才能登录 / account(s) refused sign-in until split\n');
  assert.equal(refused.code, 1);
  assert.match(oneLine(refused), /\[ROLES_INCOMPATIBLE\]$/);
  assert.deepEqual((await userRow('receiver'))?.roles, ['receiver']);

  const split = await cli(['user', 'roles', 'dispatcher', '--role', 'dispatcher']);
  assert.equal(split.code, 0, split.stderr);
  assert.deepEqual((await userRow('dispatcher'))?.roles, ['dispatcher']);
  const clean = await cli(['user', 'check']);
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /every account’s roles may be held together/);
});

test('import categories: a bad CSV lists the problems and changes nothing; a good one updates', { timeout: 120_000 }, async () => {
  const header = 'kind,major_code,major_name,code,name';
  const bad = path.join(tmp, 'bad-categories.csv');
  fs.writeFileSync(bad, [header, 'component,01,市政公用设施,0100,短编码', 'foo,01,市政公用设施,01002,未知类型', 'component,01,市政公用设施,01001,供水井盖（应不生效）'].join('\n') + '\n');
  const snapshot = async () => (await t.db.query(`SELECT kind, code, name, updated_at FROM categories ORDER BY kind, code`)).rows;
  const before = await snapshot();
  const batchesBefore = await count('import_batches');

  const r = await cli(['import', 'categories', bad]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'guancheng: The category file has 2 problem(s); nothing was imported [CATEGORY_IMPORT_INVALID]');
  assert.equal(lines.length, 3, r.stderr);
  assert.match(lines[1]!, /0100.*\(row 1\)/);
  assert.match(lines[2]!, /foo.*\(row 2\)/);
  assert.deepEqual(await snapshot(), before, 'no category changed');
  assert.equal(await count('import_batches'), batchesBefore);

  const good = path.join(tmp, 'good-categories.csv');
  fs.writeFileSync(good, `\uFEFF${header},time_limit,urgency\r\ncomponent,01,市政公用设施,01001,供水井盖（改）,3,urgent\r\n`);
  const ok = await cli(['import', 'categories', good]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /imported 1 categories/);
  const { rows } = await t.db.query(`SELECT name, time_limit::float AS time_limit, urgency FROM categories WHERE kind = 'component' AND code = '01001'`);
  assert.deepEqual(rows[0], { name: '供水井盖（改）', time_limit: 3, urgency: 'urgent' });
  assert.equal((await snapshot()).length, before.length, 'an update, not an insert');
  assert.equal(await count('import_batches'), batchesBefore + 1);
});

test('import grids: a missing file and malformed JSON fail with one clear line', { timeout: 120_000 }, async () => {
  const broken = path.join(tmp, 'broken.geojson');
  fs.writeFileSync(broken, '{"type": "FeatureCollection", "features": [');
  const gridsBefore = await count('grids');
  const [missing, malformed] = await Promise.all([
    cli(['import', 'grids', path.join(tmp, 'nope.geojson')]),
    cli(['import', 'grids', broken]),
  ]);
  assert.equal(missing.code, 2);
  assert.match(oneLine(missing), /^guancheng: cannot read .*nope\.geojson: ENOENT/);

  assert.equal(malformed.code, 1);
  assert.match(oneLine(malformed), /^guancheng: Cannot read the geographic file: the file cannot be parsed .*\(Unexpected end of JSON input\) \[GEO_FILE_INVALID\]$/);
  assert.equal(await count('grids'), gridsBefore);
});
