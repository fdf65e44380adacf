// Analysis over Kustomize's output. Each entry point (a kustomization no other one includes) is rendered,
// printed as one file and checked by the ordinary rules, its objects related only to each other, as they
// will be applied together. Every finding is then carried back to the file that wrote the flagged node (the
// base's key, the overlay patch's key, the kustomization's `images:` entry) and findings that several entry
// points share at the same place are reported once, naming the entry points they hold for.
import { analyseFile } from '../engine';
import { parseFile, type ParseCache } from '../parse';
import { RuleSet } from '../rule-set';
import { editTouched, type ReuseOptions } from '../chunk-reuse';
import type {
  Analysis,
  EngineSettings,
  Finding,
  Fix,
  K8sObject,
  RelatedLocation,
  RuleFailure,
  Span,
} from '../types';
import type { RenderResult } from './model';
import { printRendered, type PrintedOutput, type PrintedTrees } from './printed';

/** A rendered entry point and the name findings give it (its folder, relative to the workspace or run). */
export interface EntryPoint {
  result: RenderResult;
  name: string;
}

/** A finding of one entry point's output, carried to the file that holds its cause. */
export interface PlacedFinding {
  uri: string;
  /** The finding in offsets of `uri`: its message does not yet name entry points, and it offers no fixes. */
  finding: Finding;
  /**
   * The finding as the rule made it in the printed output: its fixes (edits of `printed`) and the document
   * of the object it flags, from which a cure in an overlay's patch is worked out (overlay-fix.ts).
   */
  output?: { printed: string; documentIndex: number; getFixes: () => Fix[] };
}

export interface EntryAnalysis {
  entry: EntryPoint;
  placed: PlacedFinding[];
  failures: RuleFailure[];
  /** Findings that no place in a file could be found for (there should be none; they are reported). */
  unplaced: Finding[];
  /**
   * With `reuse`: what the next analysis of the same entry point's output needs to take this one's findings
   * of unchanged objects (ReuseOptions), and the work done (objects checked, parts whose findings were kept).
   */
  kept?: KeptOutput;
}

/** What an analysis of an entry point's output leaves for the next one (see analyseEntryPoint's `reuse`). */
export interface KeptOutput {
  token: object;
  objects: readonly K8sObject[];
  rules: RuleSet;
  settings: EngineSettings;
  work: NonNullable<Analysis['work']>;
}

/**
 * What the analysis of `objects` may take from the one before: the findings of its unchanged parts, when it
 * was made under the same rules and settings, as far as the objects that came or went do not concern them.
 */
function reuseOf(
  before: KeptOutput | undefined,
  objects: readonly K8sObject[],
  rules: RuleSet,
  settings: EngineSettings,
): ReuseOptions {
  if (!before || before.rules !== rules || before.settings !== settings) {
    return { previous: undefined, touched: 'everything' };
  }
  return { previous: before.token, touched: editTouched(before.objects, objects) };
}

/** A finding of the rendered output as a file shows it: where, for which entry points, and whether for all. */
export interface RenderedFinding {
  uri: string;
  finding: Finding;
  /** The entry points the finding holds for, by name, sorted. */
  entryPoints: string[];
  /**
   * Whether the rule reports at this place for every entry point whose output includes the file, whatever
   * each message says: the cause is all in the file, so a fix there suits them all.
   */
  everywhere: boolean;
  /** The finding in each entry point's output it was merged from, for fixes in the overlays. */
  sources: { entry: EntryPoint; placed: PlacedFinding }[];
}

const objectRuleSets = new WeakMap<RuleSet, RuleSet>();

/**
 * The rules that check objects: the input rules (syntax errors, skipped files, templates) are about a file's
 * text, and the printed output is no one's text; the files themselves are checked for those.
 */
function objectRules(rules: RuleSet): RuleSet {
  let set = objectRuleSets.get(rules);
  if (!set) objectRuleSets.set(rules, (set = new RuleSet(rules.rules.filter((rule) => !rule.meta.input))));
  return set;
}

/** The identifier the printed output of an entry point is analysed under (it names no real file). */
export function renderedUri(entry: EntryPoint): string {
  return `${entry.result.kustomizationFile}#rendered`;
}

/**
 * Checks one entry point's output and places each finding in the file that holds its cause.
 * `lineStartsOf` gives a real file's line starts, for related locations moved into it. With `cache` (kept
 * per entry point from one rendering to the next), an object whose printed text is unchanged keeps its parse
 * and its single-object rules' results, as an unchanged document of an edited file does in the editor: each
 * object is its own document of the output, so a keystroke in a base parses and checks again only the
 * objects it changed. With `printed` (kept across entry points and renderings), an object whose tree was
 * printed before is not printed again. With `reuse` (and `cache`), an object whose printed text is unchanged
 * also keeps the findings of the cross rules on it, unless they read a kind of object the change touched
 * (chunk-reuse.ts): the output's objects relate only to each other, so the objects that came or went in it
 * are all that can change what those rules say.
 */
export function analyseEntryPoint(
  entry: EntryPoint,
  rules: RuleSet,
  settings: EngineSettings,
  lineStartsOf: (uri: string) => readonly number[],
  cache?: ParseCache,
  printedTrees?: PrintedTrees,
  reuse?: { before: KeptOutput | undefined },
): EntryAnalysis {
  const printed = printRendered(entry.result.objects, printedTrees);
  const uri = renderedUri(entry);
  const checking = objectRules(rules);
  // The output is as large as the files it came from, which were each within the bounds already, so it
  // has no bound of its own. The bound is one number whatever the output's length, so that it stays the
  // same while the output grows or shrinks by a keystroke, and is the same for every entry point: a cache
  // keeps (and takes from its group) only parses made under the same bounds.
  const limits = { ...settings.limits, maxFileBytes: Number.MAX_SAFE_INTEGER };
  const file = parseFile(printed.text, limits, uri, { bodyKinds: checking.bodyKinds(settings), cache });
  const analysis = analyseFile(file, checking, {
    settings: { ...settings, limits },
    reuse: reuse && reuseOf(reuse.before, file.objects, rules, settings),
  });
  const placed: PlacedFinding[] = [];
  const unplaced: Finding[] = [];
  for (const finding of analysis.findings) {
    const at = printed.locate(finding.span);
    if (!at) {
      unplaced.push(finding);
      continue;
    }
    placed.push({
      uri: at.uri,
      finding: {
        ...finding,
        span: at.span,
        // The object lives in the printed output only; the finding keeps its identity, not its tree.
        target: undefined,
        related: placeRelated(finding.related, uri, printed, lineStartsOf),
        getFixes: () => [],
      },
      output: finding.target && {
        printed: printed.text,
        documentIndex: finding.target.documentIndex,
        getFixes: () => finding.getFixes(),
      },
    });
  }
  const kept =
    reuse && analysis.token && analysis.work
      ? { token: analysis.token, objects: file.objects, rules, settings, work: analysis.work }
      : undefined;
  return { entry, placed, failures: analysis.failures, unplaced, ...(kept ? { kept } : {}) };
}

function placeRelated(
  related: readonly RelatedLocation[],
  renderedUri: string,
  printed: PrintedOutput,
  lineStartsOf: (uri: string) => readonly number[],
): RelatedLocation[] {
  return related.flatMap((location) => {
    if (location.source.uri !== renderedUri) return [location];
    const at = printed.locate(location.span);
    if (!at) return [];
    return [
      {
        ...location,
        source: { uri: at.uri, offset: 0, line: 0, lineStarts: lineStartsOf(at.uri) },
        span: at.span,
      },
    ];
  });
}

/**
 * Merges the findings of several entry points: one finding per rule, place and message, naming the entry
 * points it holds for. A file's entry points are those whose rendering read it.
 */
export function combineEntryPoints(analyses: readonly EntryAnalysis[]): RenderedFinding[] {
  const includers = new Map<string, Set<string>>();
  for (const { entry } of analyses) {
    for (const file of entry.result.files) {
      let names = includers.get(file);
      if (!names) includers.set(file, (names = new Set()));
      names.add(entry.name);
    }
  }
  const combined = new Map<
    string,
    { uri: string; finding: Finding; names: Set<string>; place: string; sources: RenderedFinding['sources'] }
  >();
  // The entry points with a finding of the rule at the place, whatever its message says (the object's name
  // can differ between overlays, the cause in the file does not).
  const atPlace = new Map<string, Set<string>>();
  for (const { entry, placed } of analyses) {
    for (const one of placed) {
      const { uri, finding } = one;
      const place = JSON.stringify([uri, finding.ruleId, finding.span.start, finding.span.end]);
      let names = atPlace.get(place);
      if (!names) atPlace.set(place, (names = new Set()));
      names.add(entry.name);
      const key = JSON.stringify([place, finding.message]);
      const slot = combined.get(key);
      if (slot) {
        slot.names.add(entry.name);
        slot.sources.push({ entry, placed: one });
      } else
        combined.set(key, {
          uri,
          finding,
          names: new Set([entry.name]),
          place,
          sources: [{ entry, placed: one }],
        });
    }
  }
  return [...combined.values()].map(({ uri, finding, names, place, sources }) => {
    const entryPoints = [...names].sort();
    const all = includers.get(uri);
    const everywhere = !all || atPlace.get(place)!.size >= all.size;
    return {
      uri,
      entryPoints,
      everywhere,
      sources,
      finding: {
        ...finding,
        message: `${finding.message} ${whereItHolds(entryPoints)}`,
        rendered: { entryPoints, everywhere },
      },
    };
  });
}

/** "(in kustomize build of overlays/prod and overlays/staging)", shortened past four entry points. */
export function whereItHolds(names: readonly string[]): string {
  const shown = names.length > 4 ? [...names.slice(0, 3), `${names.length - 3} more`] : [...names];
  const list =
    shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
  return `(in kustomize build of ${list})`;
}

/** Spans equal (the fix of a file's own analysis applies to a rendered finding at the same place). */
export function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}
