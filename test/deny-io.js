// Preloaded with `node --require` in tests: every way to reach the network or to run another program throws,
// and says so on stderr (the server catches errors to stay up, so the test reads stderr to be sure). The
// language server and the CLI must work all the same: they never phone home and never execute anything.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS and patches modules by name. */

const MARK = 'kube-hindsight-deny:';

function deny(name) {
  return function denied() {
    process.stderr.write(`${MARK} ${name} was called\n`);
    throw new Error(`${name} is not allowed: Kube Hindsight works offline and runs no programs`);
  };
}

const denied = {
  net: ['connect', 'createConnection', 'createServer'],
  tls: ['connect', 'createServer', 'createSecureContext'],
  http: ['request', 'get', 'createServer'],
  https: ['request', 'get', 'createServer'],
  http2: ['connect', 'createServer', 'createSecureServer'],
  dgram: ['createSocket'],
  dns: [
    'lookup',
    'lookupService',
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveCname',
    'resolveTxt',
  ],
  child_process: ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'],
};
for (const [name, functions] of Object.entries(denied)) {
  const module = require(name);
  for (const fn of functions) module[fn] = deny(`${name}.${fn}`);
}
// A worker thread runs JavaScript in this process: allowed only for the workspace index's own bundled
// script (dist/index-worker.js, which this preload also restricts), never for code given as a string.
const threads = require('worker_threads');
const { Worker } = threads;
threads.Worker = function RestrictedWorker(filename, options) {
  const path = String(filename);
  if (options?.eval || !/[\\/]dist[\\/]index-worker\.js$/.test(path)) return deny('worker_threads.Worker')();
  return new Worker(filename, options);
};
// Sockets for stdio pipes are created without connect(); an outgoing connection always goes through it.
require('net').Socket.prototype.connect = deny('net.Socket.prototype.connect');
require('dns').promises.lookup = deny('dns.promises.lookup');
for (const name of ['fetch', 'WebSocket', 'EventSource']) {
  if (name in globalThis) globalThis[name] = deny(name);
}

module.exports = { MARK };
