// The command-line flags every headless Chromium of the e2e tests gets. This is plain CommonJS, not
// TypeScript, because code-shim.js (spawned directly as an executable, so it cannot load TypeScript) requires
// it, while lib/browser.ts imports it and esbuild bundles it; chromium-flags.d.ts gives tsc its type.
'use strict';

module.exports = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
