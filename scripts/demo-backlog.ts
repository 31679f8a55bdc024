/**
 * `npm run demo:backlog [-- 05,11,16] [-- --districts 2]`: the demo's open backlog as a newcomer would meet
 * it at those hours (Asia/Shanghai) — open steps per kind, how many are overdue, and the queue of every demo
 * sign-in that has one (exits 1 if any is empty). Each hour gets a scratch database on the PostgreSQL at
 * ADMIN_URL, or, without it, on an embedded one in .data/backlog-pg; dropped afterwards.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { resolveDataRoot, startEmbedded } from '../src/server/db/embedded.ts';
import { scratchDatabase } from '../src/server/db/scratch.ts';
import { demoLogins, loadDemo } from '../src/server/demo/load-demo.ts';
import { loadActor } from '../src/server/modules/auth/auth.service.ts';
import { queueCounts } from '../src/server/modules/cases/search/case-queue.query.ts';
import { dayIndexOf, dayString } from '../src/server/modules/sla/shanghai-time.ts';

const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { districts: { type: 'string', default: '1' } }, allowPositionals: true });
const districts = Number(values.districts) === 2 ? 2 : 1;
const hours = (positionals[0] ?? '05,11,16').split(',').map((h) => h.padStart(2, '0'));
const today = dayString(dayIndexOf(Date.now()));
const cfg = loadConfig({ NODE_ENV: 'test' });
/** Sign-ins whose role has a work queue (leaders, admins and auditors have none). */
const QUEUE_ROLES = ['receiver', 'shiftLeader', 'dispatcher', 'supervisor', 'handler', 'officer'];

let admin = process.env.ADMIN_URL;
let stop = async () => {};
if (!admin) {
  const server = await startEmbedded({ dataRoot: resolveDataRoot(path.join(repoRoot, '.data', 'backlog-pg'), (m) => console.error(m)), settings: { fsync: 'off', synchronous_commit: 'off' } });
  admin = server.url;
  stop = server.stop;
}

let empty = 0;
try {
  for (const h of hours) {
    const scratch = await scratchDatabase(admin, `gc_demo_backlog_${process.pid}_${h}`);
    const { db } = scratch;
    try {
      const now = new Date(`${today}T${h}:30:00+08:00`);
      const s = await loadDemo(db, cfg, { now, districts });
      const { rows } = await db.query<{ step: string; n: number; overdue: number }>(
        `SELECT step, count(*)::int AS n, count(*) FILTER (WHERE due_at <= $1)::int AS overdue
           FROM case_steps WHERE ended_at IS NULL AND suspended_at IS NULL GROUP BY step ORDER BY step`,
        [now],
      );
      const open = rows.reduce((a, r) => a + r.n, 0);
      const late = rows.reduce((a, r) => a + r.overdue, 0);
      console.log(`${h}:30  ${s.cases} cases in ${s.ms} ms; open steps ${open}, overdue ${late} (${Math.round((100 * late) / open)}%)`);
      console.log(`  by step (overdue/open): ${rows.map((r) => `${r.step} ${r.overdue}/${r.n}`).join(', ')}`);
      const queues: string[] = [];
      for (const { username } of demoLogins(districts).filter((l) => QUEUE_ROLES.includes(l.role))) {
        const { rows: [u] } = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [username]);
        const actor = await loadActor(db, Number(u!.id), cfg, 'session');
        const counts = await queueCounts(db, actor!, now);
        const total = counts.reduce((a, x) => a + x.total, 0);
        if (total === 0) empty++;
        queues.push(`${username} ${counts.reduce((a, x) => a + x.overdue, 0)}/${total}`);
      }
      console.log(`  queues (overdue/total): ${queues.join(', ')}`);
    } finally {
      await scratch.drop();
    }
  }
} finally {
  await stop();
}
if (empty) {
  console.error(`${empty} demo queue(s) empty`);
  process.exitCode = 1;
}
