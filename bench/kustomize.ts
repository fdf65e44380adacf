// The Kustomize part of `npm run bench` (issue 19): what a keystroke in a base costs against rendering and
// analysing its overlays from scratch, and what rendering and analysing a whole tree of kustomizations
// costs against parsing its files once. Both are ratios of two things measured in this process, in the
// same run, alternating, so that the machine's drift touches both sides alike.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RULES } from '../rules';
import { kustomizationsOf } from '../server/cli/kustomize-scope';
import { diskHost } from '../server/workspace/kustomize-host';
import { ParseCache } from '../server/engine/kustomize/documents';
import { parseFile } from '../server/engine/parse';
import { RuleSet } from '../server/engine/rule-set';
import { normaliseSettings } from '../server/engine/settings';
import { entryName, kustomizeRenderer, KustomizeProject } from '../server/workspace/kustomize-project';
import { yamlFiles } from './synthetic';

const RULE_SET = new RuleSet(RULES);
const SETTINGS = normaliseSettings({});
const configFor = () => ({ rules: RULE_SET, settings: SETTINGS });

/** Wall and CPU (user + system) milliseconds of one piece of work. */
export interface Cost {
  wallMs: number;
  cpuMs: number;
}

function measure(work: () => void): Cost {
  const cpu = process.cpuUsage();
  const started = performance.now();
  work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** The nearest-rank median: a value that was measured. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(s.length / 2) - 1)] ?? NaN;
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** Medians and ranges of a series of costs, and of the ratio of each to its baseline in the same round. */
export interface Compared {
  rounds: number;
  medianMs: Cost;
  baselineMedianMs: Cost;
  /** median(measured) / median(baseline), wall and CPU. */
  ratio: Cost;
  /** The smallest and largest per-round ratio (each round's measure over that round's baseline). */
  roundRatioRange: { wall: [number, number]; cpu: [number, number] };
}

function compare(measured: readonly Cost[], baseline: readonly Cost[]): Compared {
  const med = (costs: readonly Cost[]): Cost => ({
    wallMs: round(median(costs.map((c) => c.wallMs)), 2),
    cpuMs: round(median(costs.map((c) => c.cpuMs)), 2),
  });
  const m = med(measured);
  const b = med(baseline);
  const per = (key: keyof Cost): [number, number] => {
    const ratios = measured.map((c, i) => c[key] / baseline[i]![key]);
    return [round(Math.min(...ratios), 3), round(Math.max(...ratios), 3)];
  };
  return {
    rounds: measured.length,
    medianMs: m,
    baselineMedianMs: b,
    ratio: { wallMs: round(m.wallMs / b.wallMs, 3), cpuMs: round(m.cpuMs / b.cpuMs, 3) },
    roundRatioRange: { wall: per('wallMs'), cpu: per('cpuMs') },
  };
}

/** The microservices-demo tree: one base that three test overlays include, each with four components. */
const DEMO = join('GoogleCloudPlatform__microservices-demo', 'kustomize');
const DEMO_OVERLAYS = [
  'tests/memorystore-with-all-components',
  'tests/service-mesh-istio-with-all-components',
  'tests/spanner-with-all-components',
];
/** The base file typed in, and the scalar typed at: the end of the frontend image's tag. */
const DEMO_FILE = 'base/frontend.yaml';
const DEMO_TAG = 'microservices-demo/frontend:v0.10.6';
const TYPED = 'abcdefghijklmnopqrstuvwxyz';

export interface BaseKeystrokeResult extends Compared {
  tree: string;
  entryPoints: string[];
  kustomizations: number;
  file: string;
  keystrokesPerRound: number;
  /** The renderer's parses of files (its ParseCache) in the last cold round and in its keystrokes. */
  parsesCold: number;
  parsesPerKeystroke: number;
  /** In the last round's keystrokes: the files read, and the printed objects checked again (any rule). */
  filesReadPerKeystroke: number;
  objectsCheckedPerKeystroke: number;
  /** The rendered findings in the base file, cold and after the last keystroke (the same, as it must). */
  findingsCold: number;
  findingsAfter: number;
}

/**
 * A keystroke in a base that three overlays include: (a) a new project asked for the base file's role, which
 * renders and analyses the three overlays (and their base and components, which the project knows as the
 * editor's workspace would: every kustomization they reach); (b) one character typed at the end of an image
 * tag in the base, the project told, and the role asked for again. Each round is one (a) and a few (b) on
 * that project; the first round warms the code up and is not counted.
 */
export function baseKeystroke(kustomizeCorpus: string, rounds = 10, keystrokes = 8): BaseKeystrokeResult {
  const tree = join(kustomizeCorpus, DEMO);
  const file = join(tree, DEMO_FILE);
  const original = readFileSync(file, 'utf8');
  const at = original.indexOf(DEMO_TAG) + DEMO_TAG.length;
  if (at < DEMO_TAG.length) throw new Error(`bench: no ${DEMO_TAG} in ${file}`);
  const overlays = DEMO_OVERLAYS.map((overlay) => join(tree, overlay, 'kustomization.yaml'));

  // What the overlays reach (base, components), found by one throwaway rendering, as a workspace lists them.
  const reached = new Set(overlays);
  for (const overlay of overlays) {
    for (const included of kustomizeRenderer()(dirname(overlay), diskHost()).kustomizations) {
      reached.add(included);
    }
  }
  const kustomizations = [...reached].sort();

  let texts = new Map<string, string>();
  let cache = new ParseCache();
  let reads = 0;
  const open = () => {
    texts = new Map();
    cache = new ParseCache();
    const disk = diskHost((path) => texts.get(path));
    const project = new KustomizeProject({
      render: kustomizeRenderer(cache),
      host: {
        readFile: (path) => {
          reads++;
          return disk.readFile(path);
        },
        isDirectory: (path) => disk.isDirectory(path),
      },
      configFor,
      root: (dir) => entryName(tree, dir),
    });
    for (const kustomization of kustomizations) project.add(kustomization);
    return project;
  };
  const cold: Cost[] = [];
  const typed: Cost[] = [];
  let last = {
    parsesCold: 0,
    parsesPerKeystroke: 0,
    filesReadPerKeystroke: 0,
    objectsCheckedPerKeystroke: 0,
    findingsCold: 0,
    findingsAfter: 0,
  };
  let entryPoints: string[] = [];
  for (let round = 0; round <= rounds; round++) {
    let project: KustomizeProject | undefined;
    const coldCost = measure(() => {
      project = open();
      last.findingsCold = project.roleOf(file).findings.length;
    });
    const parses = cache.parses;
    const readsBefore = reads;
    const checkedBefore = project!.checkedOutputs().objectsChecked;
    const keyCosts: Cost[] = [];
    let text = original;
    for (let i = 0; i < keystrokes; i++) {
      text = text.slice(0, at + i) + TYPED[i % TYPED.length]! + text.slice(at + i);
      keyCosts.push(
        measure(() => {
          texts.set(file, text);
          project!.changed(file);
          last.findingsAfter = project!.roleOf(file).findings.length;
        }),
      );
    }
    const keyParses = cache.parses - parses;
    if (round === 0) continue;
    entryPoints = project!.entryPoints().map((entry) => entry.name);
    last = {
      ...last,
      parsesCold: parses,
      parsesPerKeystroke: keyParses / keystrokes,
      filesReadPerKeystroke: (reads - readsBefore) / keystrokes,
      objectsCheckedPerKeystroke: (project!.checkedOutputs().objectsChecked - checkedBefore) / keystrokes,
    };
    cold.push(coldCost);
    // The round's keystroke is its median keystroke, so that each round has one ratio.
    typed.push({
      wallMs: median(keyCosts.map((c) => c.wallMs)),
      cpuMs: median(keyCosts.map((c) => c.cpuMs)),
    });
  }
  return {
    tree: relative(join(kustomizeCorpus, '..'), tree),
    entryPoints,
    kustomizations: kustomizations.length,
    file: DEMO_FILE,
    keystrokesPerRound: keystrokes,
    ...last,
    ...compare(typed, cold),
  };
}

export interface TreeResult extends Compared {
  tree: string;
  files: number;
  bytes: number;
  kustomizations: number;
  entryPoints: number;
  renderedFindings: number;
}

/**
 * The argo-cd `manifests/` tree, cold: what `check manifests` does for Kustomize (a project of every
 * kustomization of the inputs' folders, then every file's role, which renders and analyses every entry
 * point once) against one `parseFile` of every YAML file of the tree. Alternating, one warm-up round each.
 */
export function wholeTree(kustomizeCorpus: string, rounds = 5): TreeResult {
  const tree = join(kustomizeCorpus, 'argoproj__argo-cd', 'manifests');
  const files = yamlFiles(tree);
  const texts = files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const kustomizations = kustomizationsOf(files);
  let entryPoints = 0;
  let renderedFindings = 0;
  const renderAll = (): void => {
    const project = new KustomizeProject({
      render: kustomizeRenderer(),
      host: diskHost(),
      configFor,
      root: (dir) => entryName(tree, dir),
    });
    for (const kustomization of kustomizations) project.add(kustomization);
    renderedFindings = 0;
    for (const path of files) renderedFindings += project.roleOf(path).findings.length;
    entryPoints = project.entryPoints().length;
  };
  // The baseline reads the files from disk too, as the rendering does through its host.
  const parseAll = (): void => {
    for (const { path } of texts) parseFile(readFileSync(path, 'utf8'), {}, path);
  };
  const rendered: Cost[] = [];
  const parsed: Cost[] = [];
  for (let round = 0; round <= rounds; round++) {
    const p = measure(parseAll);
    const r = measure(renderAll);
    if (round === 0) continue;
    parsed.push(p);
    rendered.push(r);
  }
  return {
    tree: relative(kustomizeCorpus, tree),
    files: files.length,
    bytes: texts.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0),
    kustomizations: kustomizations.length,
    entryPoints,
    renderedFindings,
    ...compare(rendered, parsed),
  };
}
