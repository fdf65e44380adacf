// Glob patterns (`**`, `*`, `?`, `[…]`, `{a,b}`) and `.gitignore` rules, matched without regular expressions.
//
// Patterns come from the workspace: `.kube-hindsight.yaml`, `.gitignore`, `files.exclude`, the command line.
// A workspace may be hostile, and the matchers glob libraries build (picomatch, minimatch, ignore) are
// backtracking RegExps: picomatch's for `*a*a*a*a*a*a*a*a*a*b` did not answer for 60 characters within half a
// minute, nor ignore's for `a/**/**/**/**/**/b` and a path 200 folders deep within 10 seconds, on the thread that
// serves the editor. So a pattern is parsed once into segments of
// tokens, and a path is matched by carrying the set of every pattern position it can have reached, segment
// by segment and character by character (a simulation of the pattern's automaton): each pair of a pattern
// position and a path position is looked at once, so a match costs at most pattern length × path length
// steps, whatever the pattern. The tests compare the results with picomatch and ignore on random patterns.

/** A pattern the parser cannot read, and where in it (a UTF-16 index into the pattern as written). */
export class GlobError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'GlobError';
  }
}

/** Counts the steps of matches, for tests and callers that bound the work. */
export interface StepCounter {
  steps: number;
}

type CharTest =
  { kind: 'char'; char: string } | { kind: 'any' } | { kind: 'class'; test: (c: string) => boolean };
type Token = CharTest | { kind: 'star'; double: boolean };
/** A parsed pattern before brace expansion: tokens, slashes and alternations in order. */
type Item = Token | { kind: 'slash' } | { kind: 'alternation'; options: Item[][]; index: number };
/**
 * One path segment's worth of pattern (with its text when it has no wildcard, compared as a string), or `**`
 * standing alone between slashes (any number of segments).
 */
type Segment = { tokens: readonly Token[]; literal: string | undefined } | 'globstar';

/** `{a,b}` may multiply a pattern into at most this many alternatives. */
export const MAX_ALTERNATIVES = 100;

const POSIX_CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /^[A-Za-z0-9]$/.test(c),
  alpha: (c) => /^[A-Za-z]$/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  digit: (c) => c >= '0' && c <= '9',
  lower: (c) => c >= 'a' && c <= 'z',
  upper: (c) => c >= 'A' && c <= 'Z',
  space: (c) => /^\s$/.test(c),
  xdigit: (c) => /^[0-9A-Fa-f]$/.test(c),
  punct: (c) => /^[!-/:-@[-`{-~]$/.test(c),
};

/** Parses a pattern into items; every syntax error is a GlobError at its place in `pattern`. */
function parseItems(pattern: string, from: number): Item[] {
  let i = from;
  const parseSequence = (inBraces: boolean): Item[] => {
    const items: Item[] = [];
    while (i < pattern.length) {
      const c = pattern[i]!;
      if (inBraces && (c === ',' || c === '}')) return items;
      if (c === '\\') {
        if (i + 1 >= pattern.length)
          throw new GlobError('it ends with a lone backslash (write \\\\ for a backslash)', i);
        items.push({ kind: 'char', char: pattern[i + 1]! });
        i += 2;
      } else if (c === '*') {
        let end = i;
        while (pattern[end] === '*') end++;
        items.push({ kind: 'star', double: end - i >= 2 });
        i = end;
      } else if (c === '?') {
        items.push({ kind: 'any' });
        i++;
      } else if (c === '[') {
        items.push(parseClass());
      } else if (c === '{') {
        const open = i++;
        const options: Item[][] = [parseSequence(true)];
        while (pattern[i] === ',') {
          i++;
          options.push(parseSequence(true));
        }
        if (pattern[i] !== '}')
          throw new GlobError('"{" has no closing "}" (write \\{ for a literal brace)', open);
        i++;
        items.push({ kind: 'alternation', options, index: open });
      } else if (c === '/') {
        items.push({ kind: 'slash' });
        i++;
      } else {
        items.push({ kind: 'char', char: c });
        i++;
      }
    }
    return items;
  };
  const parseClass = (): Token => {
    const open = i++;
    const negated = pattern[i] === '!' || pattern[i] === '^';
    if (negated) i++;
    const tests: ((c: string) => boolean)[] = [];
    let first = true;
    const readChar = (): string => {
      if (pattern[i] === '\\' && i + 1 < pattern.length) i++;
      return pattern[i++]!;
    };
    while (i < pattern.length && (first || pattern[i] !== ']')) {
      first = false;
      if (pattern.startsWith('[:', i)) {
        const close = pattern.indexOf(':]', i + 2);
        const name = close === -1 ? '' : pattern.slice(i + 2, close);
        const test = POSIX_CLASSES[name];
        if (close !== -1 && /^[a-z]+$/.test(name)) {
          if (!test) throw new GlobError(`"[:${name}:]" is not a character class`, i);
          tests.push(test);
          i = close + 2;
          continue;
        }
      }
      const low = readChar();
      if (pattern[i] === '-' && i + 1 < pattern.length && pattern[i + 1] !== ']') {
        const at = i - 1;
        i++;
        const high = readChar();
        if (high < low) throw new GlobError(`the range "${low}-${high}" is backwards`, at);
        tests.push((c) => c >= low && c <= high);
      } else tests.push((c) => c === low);
    }
    if (pattern[i] !== ']')
      throw new GlobError('"[" has no closing "]" (write \\[ for a literal bracket)', open);
    i++;
    return {
      kind: 'class',
      test: (c) => c !== '/' && tests.some((test) => test(c)) !== negated,
    };
  };
  const items = parseSequence(false);
  return items;
}

/** Every alternative of `{…}` written out, as token lists with slashes; at most MAX_ALTERNATIVES. */
function expand(items: readonly Item[]): (Token | { kind: 'slash' })[][] {
  let alternatives: (Token | { kind: 'slash' })[][] = [[]];
  for (const item of items) {
    if (item.kind !== 'alternation') {
      for (const alternative of alternatives) alternative.push(item);
      continue;
    }
    const tails = item.options.flatMap((option) => expand(option));
    if (alternatives.length * tails.length > MAX_ALTERNATIVES)
      throw new GlobError(`its braces make more than ${MAX_ALTERNATIVES} alternatives`, item.index);
    alternatives = alternatives.flatMap((head) => tails.map((tail) => [...head, ...tail]));
  }
  return alternatives;
}

/** Splits an alternative at its slashes; `**` alone in a segment becomes a globstar. */
function segmentsOf(tokens: readonly (Token | { kind: 'slash' })[]): Segment[] {
  const segments: Segment[] = [];
  let current: Token[] = [];
  const close = (): void => {
    const only = current[0];
    const literal = current.every((token) => token.kind === 'char')
      ? current.map((token) => (token as { char: string }).char).join('')
      : undefined;
    segments.push(
      current.length === 1 && only?.kind === 'star' && only.double
        ? 'globstar'
        : { tokens: current, literal },
    );
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'slash') close();
    else current.push(token);
  }
  close();
  // `**/**` means what `**` means; keeping one keeps the automaton small.
  return segments.filter((segment, k) => !(segment === 'globstar' && segments[k - 1] === 'globstar'));
}

function testChar(token: CharTest, c: string): boolean {
  return token.kind === 'any' ? c !== '/' : token.kind === 'char' ? token.char === c : token.test(c);
}

/** Whether one path segment matches one pattern segment: the set of token positions, character by character. */
function matchSegment(tokens: readonly Token[], text: string, counter: StepCounter | undefined): boolean {
  const n = tokens.length;
  let current = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  // A star may match nothing, so reaching it also reaches what follows it.
  const close = (states: Uint8Array): void => {
    for (let j = 0; j < n; j++) if (states[j] && tokens[j]!.kind === 'star') states[j + 1] = 1;
  };
  current[0] = 1;
  close(current);
  for (const c of text) {
    next.fill(0);
    let alive = false;
    for (let j = 0; j < n; j++) {
      if (!current[j]) continue;
      if (counter) counter.steps++;
      const token = tokens[j]!;
      if (token.kind === 'star') {
        next[j] = 1;
        alive = true;
      } else if (testChar(token, c)) {
        next[j + 1] = 1;
        alive = true;
      }
    }
    if (!alive) return false;
    close(next);
    [current, next] = [next, current];
  }
  return current[n] === 1;
}

/** Whether the segments of a path match the segments of a pattern: the set of segment positions, segment by segment. */
function matchSegments(
  pattern: readonly Segment[],
  path: readonly string[],
  counter: StepCounter | undefined,
): boolean {
  const m = pattern.length;
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  // A globstar may match no segment at all.
  const close = (states: Uint8Array): void => {
    for (let k = 0; k < m; k++) if (states[k] && pattern[k] === 'globstar') states[k + 1] = 1;
  };
  current[0] = 1;
  close(current);
  for (const segment of path) {
    next.fill(0);
    let alive = false;
    for (let k = 0; k < m; k++) {
      if (!current[k]) continue;
      if (counter) counter.steps++;
      const part = pattern[k]!;
      if (part === 'globstar') {
        next[k] = 1;
        alive = true;
      } else if (
        part.literal !== undefined ? part.literal === segment : matchSegment(part.tokens, segment, counter)
      ) {
        next[k + 1] = 1;
        alive = true;
      }
    }
    if (!alive) return false;
    close(next);
    [current, next] = [next, current];
  }
  return current[m] === 1;
}

export interface Glob {
  /** The pattern as written. */
  readonly pattern: string;
  /** Whether a path (relative, `/`-separated) matches. */
  test(path: string, counter?: StepCounter): boolean;
}

export interface GlobOptions {
  /**
   * A pattern without a slash matches a name at any depth (`*.tmpl.yaml` matches `charts/x/a.tmpl.yaml`),
   * as in `.gitignore`. On by default; the command line's globs turn it off (`*.yaml` means this folder).
   */
  anyDepth?: boolean;
}

/**
 * Compiles a glob relative to a folder. `./` at the start is dropped, and so is a `/` (the folder itself, as in
 * `.gitignore`); a trailing `/` means everything below. Throws a GlobError for a pattern it cannot read.
 */
export function compileGlob(glob: string, options: GlobOptions = {}): Glob {
  let start = 0;
  if (glob.startsWith('./')) start = 2;
  else if (glob.startsWith('/')) start = 1;
  let body = glob.slice(start);
  if (body.endsWith('/') && !body.endsWith('\\/')) body += '**';
  const anyDepth = (options.anyDepth ?? true) && start === 0 && !body.includes('/');
  const parsed = parseItems(glob.slice(0, start) + body, start);
  const alternatives = expand(parsed).map((tokens) =>
    segmentsOf(anyDepth ? [{ kind: 'star', double: true }, { kind: 'slash' }, ...tokens] : tokens),
  );
  return {
    pattern: glob,
    test(path, counter) {
      const segments = path.split('/');
      return alternatives.some((alternative) => matchSegments(alternative, segments, counter));
    },
  };
}

/** A GlobError's message for people: which pattern, where in it (counting from 1), and what is wrong. */
export function describeGlobError(glob: string, error: GlobError): string {
  return `invalid glob "${glob}" (character ${error.index + 1}): ${error.message}`;
}

const cache = new Map<string, Glob | GlobError>();

/**
 * The compiled glob, or its GlobError, remembered: configurations are read once but their globs are asked
 * about every file. The cache forgets everything past 1,000 patterns rather than grow with a hostile workspace.
 */
export function cachedGlob(glob: string): Glob | GlobError {
  let found = cache.get(glob);
  if (found === undefined) {
    try {
      found = compileGlob(glob);
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      found = error;
    }
    if (cache.size >= 1000) cache.clear();
    cache.set(glob, found);
  }
  return found;
}

/** Whether `path` matches `glob`; a pattern that cannot be read matches nothing (its problem is reported where it is written). */
export function matchesGlob(glob: string, path: string): boolean {
  const compiled = cachedGlob(glob);
  return !(compiled instanceof GlobError) && compiled.test(path);
}

/** Escapes the braces and commas of a `.gitignore` line, which git reads literally, keeping its own escapes. */
function bracesLiteral(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') out += c + (line[++i] ?? '');
    else out += '{},'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

interface GitignoreRule {
  glob: Glob;
  negated: boolean;
  directoryOnly: boolean;
}

/**
 * The rules of one `.gitignore` file, as git reads them: `#` comments, trailing spaces dropped unless escaped,
 * `!` re-includes, a trailing `/` matches only folders, a `/` at the start or in the middle anchors the
 * pattern to the file's folder (otherwise it matches at any depth), `**` as in a glob (a trailing `/**`
 * matches what is inside a folder, not the folder), and the last matching line decides. Lines git would not
 * understand are skipped, as git skips them. Braces are not `.gitignore` syntax and stay literal.
 */
export class Gitignore {
  private readonly rules: GitignoreRule[] = [];

  constructor(text: string) {
    for (const raw of text.split(/\r?\n/)) {
      let line = raw;
      // Trailing spaces go, unless the last one is escaped with a backslash.
      while (line.endsWith(' ') && !line.endsWith('\\ ')) line = line.slice(0, -1);
      if (line === '' || line.startsWith('#')) continue;
      const negated = line.startsWith('!');
      if (negated) line = line.slice(1);
      const directoryOnly = line.endsWith('/') && !line.endsWith('\\/');
      if (directoryOnly) line = line.slice(0, -1);
      if (line === '') continue;
      const anchored = line.includes('/');
      if (line.startsWith('/')) line = line.slice(1);
      // Git compares `./x` with paths as it is, so it never matches; compileGlob would drop the `./`.
      if (line.startsWith('./')) line = `\\${line}`;
      // `abc/**` matches everything inside abc, not abc itself (so that `!abc/keep` can re-include).
      if (line.endsWith('/**')) line += '/*';
      try {
        const glob = compileGlob(anchored ? bracesLiteral(line) : `**/${bracesLiteral(line)}`, {
          anyDepth: false,
        });
        this.rules.push({ glob, negated, directoryOnly });
      } catch (error) {
        if (!(error instanceof GlobError)) throw error;
      }
    }
  }

  /** Whether a path relative to the file's folder is ignored by these rules alone (its parents are the caller's). */
  ignores(path: string, isDirectory: boolean, counter?: StepCounter): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.negated !== ignored) continue; // This line could not change the answer.
      if (rule.glob.test(path, counter)) ignored = !rule.negated;
    }
    return ignored;
  }
}
