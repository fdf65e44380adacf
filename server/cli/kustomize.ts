// `kube-hindsight kustomize <dir>`: prints what the engine's Kustomize renderer makes of a folder, like
// `kustomize build <dir>` (same documents, same order), so that a user can see what the analysis reads.
// Notices go to stderr as `file:line:column: message`; when the folder cannot be rendered the exit code is 1.
import { relative, resolve } from 'node:path';
import { printObjects } from '../engine/kustomize/print';
import { renderKustomization } from '../engine/kustomize/render';
import type { KustomizeHost, KustomizeNotice } from '../engine/kustomize/model';
import { diskHost } from '../workspace/kustomize-host';

/** What the command prints and its exit code (main.ts's RunResult). */
export interface KustomizeRun {
  stdout: string;
  stderr: string;
  code: number;
}

export function runKustomize(dir: string, cwd: string): KustomizeRun {
  const absolute = resolve(cwd, dir).split('\\').join('/');
  const host = diskHost();
  if (!host.isDirectory(absolute)) {
    return { stdout: '', stderr: `kube-hindsight: kustomize: ${dir} is not a folder\n`, code: 1 };
  }
  const result = renderKustomization(absolute, host);
  const notices = result.notices
    .map((notice) => `${locate(notice, host, cwd)}: ${notice.message}\n`)
    .join('');
  if (!result.rendered) {
    return {
      stdout: '',
      stderr: `${notices}kube-hindsight: kustomize: ${dir} cannot be rendered (see above)\n`,
      code: 1,
    };
  }
  return { stdout: printObjects(result.objects), stderr: notices, code: 0 };
}

/** `path:line:column` of a notice, relative to the working folder. */
function locate(notice: KustomizeNotice, host: KustomizeHost, cwd: string): string {
  const { uri, span } = notice.origin;
  const text = host.readFile(uri);
  const shown = relative(cwd, uri) || uri;
  if (text === undefined) return shown;
  const before = text.slice(0, span.start);
  const line = before.split('\n').length;
  const column = span.start - before.lastIndexOf('\n');
  return `${shown}:${line}:${column}`;
}
