/** `npm run build:web`: build the web workspace now (npm start does it by itself when stale). */
import { ensureWebBuilt } from '../src/server/web-build.ts';

await ensureWebBuilt((l) => console.log(l), { force: process.argv.includes('--force') });
