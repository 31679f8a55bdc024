/**
 * The web workspace's build: one Vite project rooted here, one HTML entry per front end
 * (the back office at `/` today; the field app `/m/` and the citizen portal `/p/` join as entries).
 * `npm start` builds it when stale (src/server/web-build.ts); `npm run dev` serves it with hot reload,
 * proxying the API to a running server (GUANCHENG_API, default http://localhost:3000).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.GUANCHENG_API ?? 'http://localhost:3000';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: path.resolve(here, '../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // No inline <script>: the CSP forbids them (the module preload polyfill would be one).
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { office: path.resolve(here, 'index.html') },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false }, '/p/track': { target: api } },
  },
});
