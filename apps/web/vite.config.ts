/// <reference types="vitest/config" />
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The web console. `vite build` writes dist/web at the repository root, which the gateway serves at `/`
 * (apps/gateway/src/web). `vite` (npm run web:dev) serves it with hot reload and forwards /api to the
 * gateway of `npm start` (GATEWAY_URL, default http://127.0.0.1:3000).
 */
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: __dirname,
  base: '/',
  // React's automatic JSX runtime through esbuild: no Babel plugin needed for a build.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: resolve(__dirname, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // About 430 kB in production. Under Jest (NODE_ENV=test) React's development build is bundled, on
    // purpose: its warnings are console errors the browser tests fail on. That build is about twice the size.
    chunkSizeWarningLimit: process.env.NODE_ENV === 'test' ? 1600 : 800,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: gateway, changeOrigin: false } },
  },
  test: {
    root: __dirname,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
