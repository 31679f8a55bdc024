/**
 * `npm run openapi`: writes the OpenAPI document the routes generate to docs/openapi.json. The committed
 * copy is what integrators and the web client read; test/openapi.test.ts fails when it drifts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { createPool } from '../src/server/db/pool.ts';
import { createGridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';

export const OPENAPI_FILE = path.join(repoRoot, 'docs', 'openapi.json');

export async function generateOpenApi(): Promise<string> {
  // Building the app opens no connection: the pool only connects on first query.
  const db = createPool('postgres://unused@127.0.0.1:1/unused', 1);
  const app = await buildApp({ db, config: loadConfig({ NODE_ENV: 'test' }), grids: createGridIndexHolder(db) }, { logger: false });
  await app.ready();
  const doc = JSON.stringify(app.swagger(), null, 2) + '\n';
  await app.close();
  await db.end();
  return doc;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  fs.writeFileSync(OPENAPI_FILE, await generateOpenApi());
  console.log(`wrote ${path.relative(repoRoot, OPENAPI_FILE)}`);
}
