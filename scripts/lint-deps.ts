/**
 * `npm run lint`: keeps dependencies pointing inward (STYLE.md).
 * - src/shared is IO-free: no node:, pg, fastify, nor server code.
 * - Routes never touch the database: no `.query(` in *.routes.ts.
 * - Fastify stays at the edge: only app.ts, server.ts, http/ and *.routes.ts import it.
 * - Files stay under 400 lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/server/config.ts';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const problems: string[] = [];
const files = walk(path.join(repoRoot, 'src'));
for (const file of files) {
  const rel = path.relative(repoRoot, file);
  const text = fs.readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
  if (rel.startsWith('src/shared/')) {
    for (const i of imports) if (i.startsWith('node:') || i === 'pg' || i.startsWith('fastify') || i.includes('/server/')) problems.push(`${rel}: shared code imports ${i}`);
  }
  if (rel.endsWith('.routes.ts') && /\.query\(/.test(text)) problems.push(`${rel}: a route queries the database directly (move it to a query or command)`);
  const isEdge = rel.endsWith('.routes.ts') || rel.includes('/http/') || rel.endsWith('/app.ts') || rel.endsWith('/server.ts') || rel.endsWith('.test.ts');
  if (!isEdge) for (const i of imports) if (i === 'fastify' || i.startsWith('@fastify/') || i.startsWith('fastify-')) problems.push(`${rel}: domain code imports ${i}`);
  const lines = text.split('\n').length;
  if (lines > 400) problems.push(`${rel}: ${lines} lines (split past 400)`);
}
if (problems.length) {
  for (const p of problems) console.error(`lint: ${p}`);
  process.exit(1);
}
console.log(`lint: ${files.length} files ok`);
