/**
 * `npm run lint`: keeps dependencies pointing inward (STYLE.md).
 * - src/shared is IO-free and stands alone: it imports only zod and other files of src/shared (never the
 *   server, the web, node:, pg or fastify), so a browser bundle can take it whole.
 * - Routes, presenters, policies and pure rules never touch the database: no `.query(` in *.routes.ts,
 *   *.presenter.ts, *.policy.ts, *.workflow.ts (docs/ARCHITECTURE.md, where SQL lives).
 * - Fastify stays at the edge: only app.ts, server.ts, http/ and *.routes.ts import it.
 * - No import cycles among the files under src/ (type-only imports aside: they vanish at run time).
 * - Files stay under 400 lines.
 * - The web (src/web) imports src/shared and itself, never the server; its `common/` serves every front end and
 *   imports none of them; a feature never reaches into another feature's folder; only common/api/client.ts
 *   calls fetch; no Chinese string literal outside the catalogues (src/web/common/i18n) — UI strings live there.
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

interface ImportRef {
  spec: string;
  typeOnly: boolean;
}

/** Every `import … from '…'` and `export … from '…'` of a file, and whether it is type-only. */
export function importsOf(text: string): ImportRef[] {
  return [...text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gms)].map((m) => ({
    spec: m[4]!,
    typeOnly: !!m[2] || /^\{\s*\}$/.test(m[3]!.trim()),
  }));
}

/** The cycles of a directed graph (Tarjan's strongly connected components of more than one node, or a self-loop). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

function lint(): string[] {
  const problems: string[] = [];
  const files = walk(path.join(repoRoot, 'src'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const rel = path.relative(repoRoot, file);
    const text = fs.readFileSync(file, 'utf8');
    const imports = importsOf(text);
    const local = imports.filter((i) => i.spec.startsWith('.'));
    graph.set(rel, local.filter((i) => !i.typeOnly).map((i) => path.relative(repoRoot, path.resolve(path.dirname(file), i.spec))));
    if (rel.startsWith('src/shared/')) {
      for (const i of imports) {
        const target = i.spec.startsWith('.') ? path.relative(repoRoot, path.resolve(path.dirname(file), i.spec)) : null;
        if (target ? !target.startsWith('src/shared/') : i.spec !== 'zod') problems.push(`${rel}: shared code imports ${i.spec} (only zod and src/shared)`);
      }
    }
    if (rel.startsWith('src/web/')) problems.push(...webProblems(rel, file, text, imports));
    if (/\.(routes|presenter|policy|workflow)\.ts$/.test(rel) && /\.query\s*[<(]/.test(text)) problems.push(`${rel}: queries the database (SQL lives in queries, commands and services: move it there)`);
    const isEdge = rel.endsWith('.routes.ts') || rel.includes('/http/') || rel.endsWith('/app.ts') || rel.endsWith('/server.ts') || rel.endsWith('.test.ts');
    if (!isEdge) for (const i of imports) if (i.spec === 'fastify' || i.spec.startsWith('@fastify/') || i.spec.startsWith('fastify-')) problems.push(`${rel}: domain code imports ${i.spec}`);
    const lines = text.split('\n').length;
    if (lines > 400) problems.push(`${rel}: ${lines} lines (split past 400)`);
  }
  for (const cycle of cyclesOf(graph)) problems.push(`import cycle: ${cycle.join(' ⇄ ')}`);
  if (!problems.length) console.log(`lint: ${files.length} files ok, no import cycles`);
  return problems;
}

function webProblems(rel: string, file: string, text: string, imports: ImportRef[]): string[] {
  const out: string[] = [];
  const feature = /^src\/web\/[^/]+\/features\/([^/]+)\//.exec(rel)?.[1];
  for (const i of imports) {
    if (!i.spec.startsWith('.')) continue;
    const target = path.relative(repoRoot, path.resolve(path.dirname(file), i.spec));
    if (target.startsWith('src/server/')) out.push(`${rel}: the web imports server code (${i.spec})`);
    else if (!target.startsWith('src/web/') && !target.startsWith('src/shared/')) out.push(`${rel}: the web imports ${i.spec} (only src/web and src/shared)`);
    else if (rel.startsWith('src/web/common/') && target.startsWith('src/web/') && !target.startsWith('src/web/common/')) out.push(`${rel}: common/ imports a front end (${i.spec})`);
    const other = /^src\/web\/[^/]+\/features\/([^/]+)\//.exec(target)?.[1];
    if (feature && other && other !== feature) out.push(`${rel}: feature ${feature} reaches into feature ${other} (${i.spec}); move what both need to common/`);
  }
  if (/\bfetch\s*\(/.test(text) && rel !== 'src/web/common/api/client.ts' && !rel.endsWith('.test.ts')) out.push(`${rel}: calls fetch (use common/api/client.ts)`);
  if (!rel.startsWith('src/web/common/i18n/') && !/\.(test|config)\.tsx?$/.test(rel)) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    const literal = /(['"`])(?:(?!\1)[^\\\n]|\\.)*?\p{Script=Han}(?:(?!\1)[^\\\n]|\\.)*?\1|>[^<>{}\n]*\p{Script=Han}[^<>{}\n]*</u.exec(code);
    if (literal) out.push(`${rel}: Chinese text outside the catalogue (${literal[0].slice(0, 40)}); put it in common/i18n`);
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const problems = lint();
  for (const p of problems) console.error(`lint: ${p}`);
  if (problems.length) process.exit(1);
}
