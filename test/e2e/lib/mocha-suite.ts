// Runs inside the extension host: the suite's index module calls runMochaSuite(__dirname) from the run()
// function that the editor invokes, so that every *.test.js bundled next to it runs with the same settings.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function runMochaSuite(directory: string, options: { timeoutMs?: number } = {}): Promise<void> {
  // Colours would reach the forwarded console as escape codes.
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: options.timeoutMs ?? 60_000,
  });
  const testFiles = readdirSync(directory)
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  if (testFiles.length === 0) return Promise.reject(new Error(`no *.test.js files in ${directory}`));
  for (const file of testFiles) mocha.addFile(join(directory, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve(),
    );
  });
}
