// `npm run check:fixes [-- <dir or file>...]`: applies every quick fix to every manifest of the real-world
// corpus (default ../shared/corpus/realworld) and checks the promises in test/fix-safety.ts. Prints the
// counts and each failure; exits 1 on any failure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RULES } from '../rules';
import { RuleSet } from '../server/engine/rule-set';
import { checkFixes, formatFailures, type FixInput } from '../test/fix-safety';

function manifests(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const child = join(path, entry);
      return statSync(child).isDirectory() ? manifests(child) : /\.ya?ml$/.test(entry) ? [child] : [];
    });
}

const roots = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const paths = (roots.length > 0 ? roots : ['../shared/corpus/realworld']).flatMap((root) =>
  manifests(resolve(root)),
);
const inputs: FixInput[] = paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const started = Date.now();
const report = checkFixes(inputs, new RuleSet(RULES));
if (report.failures.length > 0) console.log(formatFailures(report.failures) + '\n');
console.log(
  `check:fixes: ${report.files} files, ${report.findings} findings, ${report.tried} fixes tried, ${report.passed} passed, ` +
    `${report.failures.length} failed; ${report.sideEffects} also resolved or narrowed another finding of their ` +
    `object (${Date.now() - started} ms)`,
);
process.exitCode = report.failures.length > 0 ? 1 : 0;
