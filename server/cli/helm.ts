// `helm template` writes `# Source: <chart>/templates/<file>.yaml` before each document it renders. A finding
// in such a document is about the template, not about the rendered stream nobody keeps, so the CLI reports
// it against the template file, when that file is there to open. Rendered output is also committed on its
// own (istio's samples/addons/*.yaml, a vendored cert-manager.yaml), where no template exists: findings then
// stay at the file and line that hold them, and their message names the template.
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { offsetToPosition } from '../engine/positions';
import type { ParsedFile } from '../engine/types';

export interface TemplateSource {
  /** The template path exactly as Helm wrote it, e.g. `mychart/templates/deployment.yaml`. */
  path: string;
  /**
   * Subtract from a zero-based line of the stream to get the zero-based line in the template. The first line
   * after the `# Source:` comment is the template's first line; further documents rendered from the same
   * template continue the count (plus one line for the `---` between them in the template). Template
   * directives that add or remove lines make this an approximation, which is the best the stream allows.
   */
  lineShift: number;
  /** The template's absolute path when the file exists (see resolveTemplates); reports then point there. */
  file?: string;
}

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/;

/** For each document of the file (by index), the template it was rendered from, if Helm said so. */
export function templateSources(file: ParsedFile): (TemplateSource | undefined)[] {
  if (!file.text.includes('Source:')) return file.documents.map(() => undefined);
  const { text, lineStarts } = file;
  const lineAt = (line: number): string =>
    text.slice(lineStarts[line] ?? text.length, lineStarts[line + 1] ?? text.length).replace(/\r?\n$/, '');
  const lineOf = (offset: number): number => offsetToPosition(lineStarts, offset).line;
  const out: (TemplateSource | undefined)[] = [];
  let previous: { path: string; templateLineAfter: number } | undefined;
  file.documents.forEach((document, index) => {
    // The parser leaves the comments before the first document's content out of its span, so the search
    // starts where the previous document ended.
    const first = lineOf(index === 0 ? 0 : file.documents[index - 1]!.span.end);
    const last = document.span.end > document.span.start ? lineOf(document.span.end - 1) : first;
    let source: TemplateSource | undefined;
    // The comment comes before the document's content: after its `---` marker, among blank and comment lines.
    for (let line = first; line <= last; line++) {
      const content = lineAt(line).trim();
      if (content === '' || /^---(\s|$)/.test(content)) continue;
      const match = SOURCE_COMMENT.exec(content);
      if (match) {
        const path = match[1]!;
        // Helm separates the documents of one template with `---`: that line exists in the template too.
        const templateStart = previous?.path === path ? previous.templateLineAfter + 1 : 0;
        source = { path, lineShift: line + 1 - templateStart };
        break;
      }
      if (!content.startsWith('#')) break;
    }
    out.push(source);
    previous = source ? { path: source.path, templateLineAfter: last + 1 - source.lineShift } : undefined;
  });
  return out;
}

/**
 * The template named by the `# Source:` comment at the head of the document part that begins at `offset`
 * (after its `---` marker, among blank and comment lines), if any: where an object of rendered output came
 * from, found from the object alone (the related-object index keeps no comments).
 */
export function templatePathAt(text: string, offset: number): string | undefined {
  for (let at = offset; at < text.length;) {
    const next = text.indexOf('\n', at);
    const end = next === -1 ? text.length : next;
    const content = text.slice(at, end).trim();
    at = end + 1;
    if (content === '' || /^---(\s|$)/.test(content)) continue;
    const match = SOURCE_COMMENT.exec(content);
    if (match) return match[1];
    if (!content.startsWith('#')) return undefined;
  }
  return undefined;
}

/** The index of the document holding `offset` (documents are in order and do not overlap). */
export function documentIndexAt(
  file: { documents: readonly Pick<ParsedFile['documents'][number], 'index' | 'span'>[] },
  offset: number,
): number | undefined {
  let low = 0;
  let high = file.documents.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = file.documents[mid]!.span;
    if (offset < span.start) high = mid - 1;
    else if (offset >= span.end && mid < file.documents.length - 1) low = mid + 1;
    else return file.documents[mid]!.index;
  }
  return undefined;
}

/** Whether a regular file exists at an absolute path. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds each template on disk: the `# Source:` path relative to the working folder (`helm template ./shop`
 * run from the chart's parent), or, without its first segment (the chart's name, which need not be its
 * folder's), relative to a chart root: the working folder or a folder above the rendered file that holds a
 * `Chart.yaml`. Templates found get `file`; the others are left without it, and the CLI reports their
 * findings at the rendered file itself, so that no report names a path that does not exist.
 */
export function resolveTemplates(
  templates: readonly (TemplateSource | undefined)[],
  input: string | undefined,
  cwd: string,
  exists: (path: string) => boolean = isFile,
): (TemplateSource | undefined)[] {
  if (templates.every((t) => t === undefined)) return [...templates];
  const roots = chartRoots(input, cwd, exists);
  const found = new Map<string, string | undefined>();
  const locate = (path: string): string | undefined => {
    if (found.has(path)) return found.get(path);
    const segments = path.split('/').filter((s) => s !== '' && s !== '.');
    // A path that climbs out (`../x`) is no template of a chart: never resolved.
    const candidates = segments.includes('..')
      ? []
      : [resolve(cwd, ...segments), ...roots.map((root) => join(root, ...segments.slice(1)))];
    const hit = segments.length > 1 ? candidates.find(exists) : undefined;
    found.set(path, hit);
    return hit;
  };
  return templates.map((template) => {
    if (!template) return undefined;
    const file = locate(template.path);
    return file ? { ...template, file } : { path: template.path, lineShift: template.lineShift };
  });
}

/** The working folder, if it is a chart, and every folder above the input that holds a `Chart.yaml`. */
function chartRoots(input: string | undefined, cwd: string, exists: (path: string) => boolean): string[] {
  const roots: string[] = [];
  if (exists(join(cwd, 'Chart.yaml'))) roots.push(resolve(cwd));
  for (let dir = input ? dirname(input) : undefined; dir;) {
    if (exists(join(dir, 'Chart.yaml')) && !roots.includes(dir)) roots.push(dir);
    const parent = dirname(dir);
    if (parent === dir || basename(dir) === '') break;
    dir = parent;
  }
  return roots;
}

/** The note a finding's message gets when it stays in a rendered file whose template is not on disk. */
export function renderedFromNote(template: TemplateSource): string {
  return ` (rendered by Helm from the template ${template.path}, which is not on disk here)`;
}
