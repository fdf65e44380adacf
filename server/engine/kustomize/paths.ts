// Paths as the renderer's host names them: `/`-separated, absolute in the host's terms. The engine does not
// import Node's modules (it also runs in the language server's workers), so the few operations it needs are
// here.

/** `dir` joined with `path` (or `path` alone when absolute), with `.` and `..` resolved. */
export function resolvePath(dir: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${dir}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** The folder of a path. */
export function dirnameOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** `path` relative to `from` (both absolute), as messages show it. */
export function relativePath(from: string, path: string): string {
  const a = from.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => '..');
  return [...up, ...b.slice(common)].join('/') || '.';
}
