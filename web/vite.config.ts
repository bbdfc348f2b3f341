// Builds web/ into web/dist: index.html plus content-hashed files under assets/, all external (the
// server's Content-Security-Policy is `default-src 'self'`, so nothing may be inlined).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0, // Never inline images as data: URLs (CSP).
    cssCodeSplit: false,
    modulePreload: { polyfill: false }, // The polyfill would be an inline script in some setups.
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npm run dev`: the API comes from a local `openroi serve`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
