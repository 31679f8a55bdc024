#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between a clone and a running server.
import { register } from 'tsx/esm/api';

register();
const { run, describeFailure } = await import('../src/server/cli/main.ts');
const { loadConfig } = await import('../src/server/config.ts');

let lang = 'zh-CN';
try {
  const cfg = loadConfig();
  lang = cfg.cliLang;
  const code = await run(process.argv.slice(2), cfg);
  if (code >= 0) process.exit(code);
} catch (err) {
  const { line, code } = describeFailure(err, lang);
  console.error(line);
  if (process.env.GUANCHENG_DEBUG) console.error(err);
  process.exit(code);
}
