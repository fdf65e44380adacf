// Paths as the renderer's host names them: `/`-separated, absolute in the host's terms. The engine does not
// import Node's modules (it also runs in the language server's workers), so the few operations it needs are
// here.

const DRIVE = /^[A-Za-z]:\//;

/** `dir` joined with `path` (or `path` alone when absolute), with `.` and `..` resolved. */
export function resolvePath(dir: string, path: string): string {
  const absolute = path.startsWith('/') || DRIVE.test(path);
  const joined = absolute ? path : `${dir}/${path}`;
  // A Windows host names paths `C:/…`: the drive stays in front, and `..` does not climb above it.
  const drive = DRIVE.exec(joined)?.[0].slice(0, 2) ?? '';
  const parts: string[] = [];
  for (const part of joined.slice(drive.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `${drive}/${parts.join('/')}`;
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
