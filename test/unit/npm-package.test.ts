// The npm package works when installed: `npm pack` makes a tarball of runtime files only, within a size
// budget, and its `kube-hindsight` command runs after `npm install --global` of that tarball into a
// temporary prefix, offline, from a folder outside the source tree. (dist/cli.js is built by `npm test`'s
// build step before the tests run; `--ignore-scripts` keeps `npm pack` from building it again.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { POD, root } from './cli-run';

/** npm's command line: the one running `npm test`, else the one installed beside this Node.js. */
const npmCli =
  process.env.npm_execpath ??
  join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

function npm(args: string[], cwd: string, cache: string): string {
  const result = spawnSync(process.execPath, [npmCli, ...args, '--cache', cache, '--no-audit', '--no-fund'], {
    cwd,
    encoding: 'utf8',
    timeout: 180000,
  });
  assert.equal(result.status, 0, `npm ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The packed size the tarball stays under: the bundled CLI is about 310 KB gzipped today. */
const PACKED_BUDGET = 512 * 1024;
/** The unpacked size it stays under: the bundle is about 1.2 MB. */
const UNPACKED_BUDGET = 2 * 1024 * 1024;

describe('the npm package', () => {
  it('holds only runtime files, within its size budget, and its command runs once installed offline', () => {
    const work = mkdtempSync(join(tmpdir(), 'kh-npm-'));
    const cache = join(work, 'cache');
    const [packed] = JSON.parse(
      npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root, cache),
    ) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
    assert.deepEqual(packed!.files.map((f) => f.path).sort(), [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'package.json',
    ]);
    assert.ok(packed!.size < PACKED_BUDGET, `packed ${packed!.size} bytes`);
    assert.ok(packed!.unpackedSize < UNPACKED_BUDGET, `unpacked ${packed!.unpackedSize} bytes`);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    // Nothing to fetch at install time: every runtime dependency is in the bundle.
    assert.equal(manifest.dependencies, undefined);

    const prefix = join(work, 'prefix');
    const elsewhere = mkdtempSync(join(tmpdir(), 'kh-user-'));
    npm(
      ['install', '--global', '--offline', '--prefix', prefix, join(work, packed!.filename)],
      elsewhere,
      cache,
    );
    const command = join(prefix, 'bin', 'kube-hindsight');
    const run = (args: string[]) =>
      spawnSync(command, args, { cwd: elsewhere, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    const version = run(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), manifest.version);
    writeFileSync(join(elsewhere, 'pod.yaml'), POD);
    const check = run(['check', 'pod.yaml']);
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /^pod\.yaml:8:11 warning missing-memory-limit /m);
  });
});
