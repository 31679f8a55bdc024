/**
 * `npm run demo:backlog [-- 05,11,16]`: the demo's open backlog as a newcomer would meet it at those hours
 * (Asia/Shanghai) — open steps per kind, how many are overdue, and the demo sign-ins' queues. Each hour
 * gets a scratch database on the PostgreSQL at ADMIN_URL (default: the local server), dropped afterwards.
 */
import { loadConfig } from '../src/server/config.ts';
import { scratchDatabase } from '../src/server/db/scratch.ts';
import { loadDemo } from '../src/server/demo/load-demo.ts';
import { loadActor } from '../src/server/modules/auth/auth.service.ts';
import { queueCounts } from '../src/server/modules/cases/search/case-queue.query.ts';
import { dayIndexOf, dayString } from '../src/server/modules/sla/shanghai-time.ts';

const admin = process.env.ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const hours = (process.argv[2] ?? '05,11,16').split(',').map((h) => h.padStart(2, '0'));
const today = dayString(dayIndexOf(Date.now()));
const cfg = loadConfig({ NODE_ENV: 'test' });

for (const h of hours) {
  const scratch = await scratchDatabase(admin, `gc_demo_backlog_${process.pid}_${h}`);
  const { db } = scratch;
  try {
    const now = new Date(`${today}T${h}:30:00+08:00`);
    const s = await loadDemo(db, cfg, { now });
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
    for (const username of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer']) {
      const { rows: [u] } = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [username]);
      const actor = await loadActor(db, Number(u!.id), cfg, 'session');
      const counts = await queueCounts(db, actor!, now);
      queues.push(`${username} ${counts.reduce((a, x) => a + x.overdue, 0)}/${counts.reduce((a, x) => a + x.total, 0)}`);
    }
    console.log(`  queues (overdue/total): ${queues.join(', ')}`);
  } finally {
    await scratch.drop();
  }
}
