// Writes the files derived from rule metadata (see scripts/generated.ts). Run with `npm run generate`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectedFiles } from './generated';

const root = join(__dirname, '..');
const files = expectedFiles(root);
let changed = 0;
for (const [path, content] of files) {
  const target = join(root, path);
  if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  changed++;
  console.log(`wrote ${path}`);
}
// Documents of rules that no longer exist would mislead readers.
for (const entry of readdirSync(join(root, 'docs/rules'))) {
  if (!files.has(`docs/rules/${entry}`)) {
    rmSync(join(root, 'docs/rules', entry));
    console.log(`removed docs/rules/${entry}`);
  }
}
console.log(changed === 0 ? 'generated files are up to date' : `${changed} file(s) updated`);
