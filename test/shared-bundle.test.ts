import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { repoRoot } from '../src/server/config.ts';

test('src/shared/api bundles for the browser with zod alone: no server module, no Node built-in', async (t) => {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'src/shared/api/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    minify: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const foreign = inputs.filter((f) => !f.startsWith('src/shared/') && !f.startsWith('node_modules/zod/'));
  assert.deepEqual(foreign, [], `the contract pulls in ${foreign.join(', ')}`);
  assert.ok(inputs.includes('src/shared/api/cases.ts') && inputs.includes('src/shared/cases/workflow.ts'));
  // The bundle is usable as it is: the schemas parse and the messages render.
  const bytes = result.outputFiles[0]!.contents.byteLength;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.contents).toString('base64')}`);
  assert.equal(mod.caseIdParams.safeParse({ id: '0x10' }).success, false);
  assert.equal(mod.caseIdParams.parse({ id: '16' }).id, 16);
  assert.equal(mod.renderMessage('CASE_TRANSITION_NOT_ALLOWED', { status: 'pendingFiling', action: 'dispatch' }, 'zh-CN'), '案件当前状态为“待立案”，不能执行“派遣”');
  t.diagnostic(`src/shared/api for the browser: ${inputs.length} modules, ${Math.round(bytes / 1024)} kB minified`);
});
