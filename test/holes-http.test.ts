/** Issue 16, the edge: live streams that end with their sign-in, request bodies with a size and a time limit. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
let base: string;
before(async () => {
  t = await testApp();
  drive = driver(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const a = t.app.server.address() as net.AddressInfo;
  base = `http://127.0.0.1:${a.port}`;
});
after(async () => t?.close());

/** Opens the live stream; resolves `ended` when the server ends it. */
async function stream(cookie: string) {
  const res = await fetch(`${base}/api/stream`, { headers: { cookie, accept: 'text/event-stream' } });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const ended = (async () => {
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true as const }));
      if (r.done) return Date.now();
    }
  })();
  return { ended, cancel: () => reader.cancel().catch(() => {}) };
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

test('a live stream ends within seconds of its session being signed out', async () => {
  const s = await drive.session('dispatcher');
  const live = await stream(s.cookie);
  await new Promise((r) => setTimeout(r, 300));
  const out = await drive.call('dispatcher', { method: 'POST', url: '/api/auth/logout' });
  assert.equal(out.statusCode, 204);
  const t0 = Date.now();
  const endedAt = await within(live.ended, 5000, 'the stream to end after sign-out');
  assert.ok(endedAt - t0 < 5000);
});

test('a live stream ends when its user is disabled or loses the roles it was filtered for', async () => {
  const s1 = await drive.session('leader');
  const disabled = await stream(s1.cookie);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await drive.call('admin', { method: 'POST', url: '/api/users/leader/disable' })).statusCode, 200);
  await within(disabled.ended, 5000, 'the stream to end after the user was disabled');

  const s2 = await drive.session('receiver');
  const changed = await stream(s2.cookie);
  await new Promise((r) => setTimeout(r, 300));
  // Same user, scope narrowed to one street: what the stream was filtered for no longer holds.
  assert.equal((await drive.call('admin', { method: 'PATCH', url: '/api/users/receiver', payload: { scopes: ['410104001'] } })).statusCode, 200);
  await within(changed.ended, 5000, 'the stream to end after the scope changed');
});

test('a body declared larger than the route takes is refused at once, before any of it arrives', async () => {
  for (const [path, type] of [['/api/photos', 'multipart/form-data; boundary=x'], ['/api/cases', 'application/json'], ['/api/grids/import', 'application/zip']] as const) {
    const t0 = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(new URL(base).port as unknown as number, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => {
        got += d.toString();
        if (got.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(got);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(got));
      // 10 GB declared, not a byte sent.
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: 10737418240\r\n\r\n`);
    });
    assert.match(answer, /^HTTP\/1\.1 413/, `${path}: ${answer.slice(0, 80)}`);
    assert.ok(Date.now() - t0 < 3000, `${path} answered in ${Date.now() - t0} ms`);
  }
});
