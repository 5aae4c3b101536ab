import { defineConfig, type Plugin } from 'vite';
import { digitsAsset } from './build/digits-plugin.js';

/**
 * The Content-Security-Policy of the built page: scripts, styles and workers
 * only from the page's own origin, no `eval`, no inline script or style
 * elements, connections only to its own origin (the digits asset beside the
 * page), no plugins, frames or forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the policy as the page's first meta element, in the build only (the dev server injects inline styles). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'rectify-playground-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  base: './',
  plugins: [contentSecurityPolicy(), digitsAsset()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  worker: { format: 'es' },
});
