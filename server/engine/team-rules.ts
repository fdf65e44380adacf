// Team rules: declarative rules a team writes in `.kube-hindsight.yaml` (or files it `include`s) from its own
// postmortems. Each becomes a `Rule` at configuration time, so suppression, severities and code actions
// treat it like a built-in rule. Conditions are CEL expressions, interpreted by `@marcbachmann/cel-js` (a
// tree-walking interpreter: no `eval`, no `new Function`); no JavaScript from the workspace ever runs.
import { Environment } from '@marcbachmann/cel-js';
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { CEL_BUDGET_MS, meteredCompiler, stepsForBudget, type Compile, type Evaluate } from './cel/metered';
import { ensureEntries } from './edits';
import { getPair, keySpanAt, parsePath, type PathSegment } from './nodes';
import { parseQuantity } from './quantity';
import { objectNameSpan } from './report-spans';
import type { Rule, RuleContext } from './rule';
import type { Category, Evidence, K8sObject, RuleMeta, Severity, Span, Story } from './types';
import { podTemplateOf, valueAt, WORKLOAD_KINDS, workloadKindOf } from './workloads';

/** A problem in a team rule, at the exact node of the configuration text it comes from. */
export interface TeamRuleProblem {
  message: string;
  span: Span;
}

/** Milliseconds one evaluation of a condition may take before the rule stops for the file. */
export const TEAM_RULE_BUDGET_MS = CEL_BUDGET_MS;

export const TEAM_RULE_ID = /^team\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

const KEYS = [
  'id',
  'title',
  'severity',
  'category',
  'kinds',
  'condition',
  'at',
  'message',
  'remediation',
  'rationale',
  'story',
  'fix',
];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const EVIDENCE: readonly Evidence[] = ['postmortem', 'public-report', 'retold', 'scenario'];
const CATEGORIES: readonly Category[] = [
  'resources',
  'availability',
  'probes',
  'autoscaling',
  'network',
  'security',
  'scheduling',
  'control-plane',
];
/** Kinds a team rule may name: the workloads and the other objects the built-in rules know. */
export const KNOWN_KINDS: readonly string[] = [
  ...WORKLOAD_KINDS,
  'PodTemplate',
  'Service',
  'Ingress',
  'Namespace',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'NetworkPolicy',
  'LimitRange',
  'ResourceQuota',
  'PriorityClass',
  'StorageClass',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'CustomResourceDefinition',
];

/** The CEL environment every condition runs in: `object`, `podSpec`, `containers`, `item`, `quantity()`. */
const ENV = new Environment({ unlistedVariablesAreDyn: false, limits: { maxAstNodes: 2000, maxDepth: 50 } })
  .registerVariable('object', 'map')
  .registerVariable('podSpec', 'map')
  .registerVariable('containers', 'list')
  .registerVariable('item', 'dyn')
  .registerFunction('quantity(string): double', (text: string) => {
    const value = parseQuantity(text);
    if (value === undefined) throw new Error(`"${text}" is not a Kubernetes quantity`);
    return value;
  });

/** Compiles a condition, or says what is wrong with it (evaluated under the step meter, cel/metered.ts). */
export const compileCondition: Compile = meteredCompiler(ENV);

/**
 * Reads a YAML sequence of team rules. Invalid rules are reported at their exact node and skipped; the valid
 * ones become `Rule`s. `taken` holds the ids already in use (built-in and earlier team rules) and grows.
 */
export function readTeamRules(
  list: YamlNode | null,
  taken: Set<string>,
  options: { budgetMs?: number } = {},
): { rules: Rule[]; problems: TeamRuleProblem[] } {
  const rules: Rule[] = [];
  const problems: TeamRuleProblem[] = [];
  const at = (node: unknown, fallback?: unknown): Span => {
    const n = (node ?? fallback) as YamlNode | null | undefined;
    return n?.range ? { start: n.range[0], end: n.range[1] } : { start: 0, end: 0 };
  };
  if (list === null || (isScalar(list) && list.value === null)) return { rules, problems };
  if (!isSeq(list)) {
    problems.push({ message: 'teamRules must be a list of rules.', span: at(list) });
    return { rules, problems };
  }
  for (const item of list.items) {
    if (!isMap(item)) {
      problems.push({
        message: 'A team rule must be a mapping (id, title, kinds, condition…).',
        span: at(item),
      });
      continue;
    }
    const rule = readTeamRule(item, taken, (message, node) =>
      problems.push({ message, span: at(node, item) }),
    );
    if (rule) rules.push(buildTeamRule(rule, options.budgetMs ?? TEAM_RULE_BUDGET_MS));
  }
  return { rules, problems };
}

export interface TeamRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  category: Category;
  kinds: string[];
  /**
   * The kinds named in `kinds` themselves, not only through `workloads`: an object of a kind that came only
   * through `workloads` is checked when it is a workload (a Knative `Service`, not the core `Service`).
   */
  namedKinds: string[];
  condition: string;
  evaluate: Evaluate;
  at: PathSegment[] | undefined;
  message: string;
  remediation: string;
  rationale: string | undefined;
  story: Story;
  fix: { at: PathSegment[]; value: Record<string, unknown>; title: string } | undefined;
}

function readTeamRule(
  map: YAMLMap,
  taken: Set<string>,
  problem: (message: string, node: unknown) => void,
): TeamRuleSpec | undefined {
  const before = { count: 0 };
  const fail = (message: string, node: unknown): undefined => {
    before.count++;
    problem(message, node);
    return undefined;
  };
  const pairs = map.items as Pair<YamlNode, YamlNode | null>[];
  for (const pair of pairs) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEYS.includes(key)) fail(`Team rule: unknown key "${key}" (expected ${KEYS.join(', ')}).`, pair.key);
  }
  const pairOf = (key: string): Pair<YamlNode, YamlNode | null> | undefined => getPair(map, key);
  const text = (key: string, required: boolean, where: YAMLMap = map): string | undefined => {
    const pair = getPair(where, key);
    if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
      if (required) fail(`Team rule${idText()}: "${key}" is required.`, where);
      return undefined;
    }
    if (!isScalar(pair.value) || typeof pair.value.value === 'object') {
      fail(`Team rule${idText()}: "${key}" must be text.`, pair.value);
      return undefined;
    }
    const value = String(pair.value.value).trim();
    if (!value && required) fail(`Team rule${idText()}: "${key}" must not be empty.`, pair.value);
    return value || undefined;
  };
  let id: string | undefined;
  const idText = (): string => (id ? ` "${id}"` : '');
  const rawId = text('id', true);
  if (rawId !== undefined) {
    if (!TEAM_RULE_ID.test(rawId)) {
      fail(
        `Team rule id "${rawId}" must look like "team/<name>" (lowercase, digits and dashes).`,
        pairOf('id')!.value,
      );
    } else if (taken.has(rawId)) {
      fail(`Team rule id "${rawId}" is already used by another rule.`, pairOf('id')!.value);
    } else {
      id = rawId;
      taken.add(rawId);
    }
  }
  const title = text('title', true);
  const message = text('message', true);
  const remediation = text('remediation', true);
  const rationale = text('rationale', false);
  const severityText = text('severity', false) ?? 'warning';
  const severity = SEVERITIES.find((s) => s === severityText);
  if (!severity)
    fail(`Team rule${idText()}: severity must be error, warning, info or hint.`, pairOf('severity')?.value);
  const categoryText = text('category', false) ?? 'availability';
  const category = CATEGORIES.find((c) => c === categoryText);
  if (!category)
    fail(
      `Team rule${idText()}: category must be one of ${CATEGORIES.join(', ')}.`,
      pairOf('category')?.value,
    );

  const kinds: string[] = [];
  const namedKinds: string[] = [];
  const kindsPair = pairOf('kinds');
  if (!kindsPair || !isSeq(kindsPair.value) || kindsPair.value.items.length === 0) {
    fail(
      `Team rule${idText()}: "kinds" must be a list of Kubernetes kinds, or "workloads".`,
      kindsPair?.value ?? map,
    );
  } else {
    for (const kindNode of kindsPair.value.items) {
      const kind = isScalar(kindNode) ? String(kindNode.value) : '';
      if (kind === 'workloads') kinds.push(...WORKLOAD_KINDS);
      else if (KNOWN_KINDS.includes(kind)) {
        kinds.push(kind);
        namedKinds.push(kind);
      } else
        fail(
          `Team rule${idText()}: unknown kind "${kind}" (a Kubernetes kind such as Deployment, or "workloads").`,
          kindNode,
        );
    }
  }

  const condition = text('condition', true);
  let evaluate: Evaluate | undefined;
  if (condition !== undefined) {
    const compiled = compileCondition(condition);
    if (typeof compiled === 'string')
      fail(`Team rule${idText()}: invalid CEL condition: ${compiled}`, pairOf('condition')!.value);
    else evaluate = compiled;
  }

  const atText = text('at', false);
  const atPath = atText === undefined ? undefined : readPath(atText);
  if (atText !== undefined && !atPath)
    fail(`Team rule${idText()}: "at" must be a path such as metadata.name.`, pairOf('at')!.value);

  const story = readStory(pairOf('story'), map, (m, n) => fail(`Team rule${idText()}: ${m}`, n));

  let fix: TeamRuleSpec['fix'];
  const fixPair = pairOf('fix');
  if (fixPair) {
    const insert = isMap(fixPair.value) ? getPair(fixPair.value, 'insert') : undefined;
    const plain =
      insert?.value && isMap(insert.value) ? (insert.value.toJSON() as Record<string, unknown>) : {};
    const path = typeof plain.at === 'string' ? readPath(plain.at) : undefined;
    const value = plain.value;
    if (!insert || !path || typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(
        `Team rule${idText()}: fix must be { insert: { at: <path to a mapping>, value: <mapping> } }.`,
        fixPair.value ?? fixPair.key,
      );
    } else {
      const title = typeof plain.title === 'string' ? plain.title : `Add ${Object.keys(value).join(', ')}`;
      fix = { at: path, value: value as Record<string, unknown>, title };
    }
  }
  if (
    before.count > 0 ||
    !id ||
    !title ||
    !message ||
    !remediation ||
    !severity ||
    !category ||
    !evaluate ||
    !story
  )
    return undefined;
  return {
    id,
    title,
    severity,
    category,
    kinds,
    namedKinds,
    condition: condition!,
    evaluate,
    at: atPath,
    message,
    remediation,
    rationale,
    story,
    fix,
  };
}

/** `podSpec.containers[*].resources` into segments; `*` stays a wildcard, `podSpec` a placeholder. */
function readPath(text: string): PathSegment[] | undefined {
  if (!/^[A-Za-z0-9_.\-/[\]*"]+$/.test(text)) return undefined;
  const segments = parsePath(text.replace(/\[\*\]/g, '.*'));
  return segments.length > 0 ? segments : undefined;
}

function readStory(
  pair: Pair<YamlNode, YamlNode | null> | undefined,
  map: YAMLMap,
  fail: (message: string, node: unknown) => void,
): Story | undefined {
  if (!pair || !isMap(pair.value)) {
    fail(
      '"story" must be a mapping with title, summary, evidence (and url for a postmortem or public report).',
      pair?.value ?? map,
    );
    return undefined;
  }
  const node = pair.value;
  const field = (key: string): string | undefined => {
    const value = getPair(node, key)?.value;
    return isScalar(value) && value.value !== null && typeof value.value !== 'object'
      ? String(value.value).trim()
      : undefined;
  };
  let ok = true;
  const title = field('title');
  const summary = field('summary');
  if (!title) {
    ok = false;
    fail('story needs a "title".', node);
  }
  if (!summary) {
    ok = false;
    fail('story needs a "summary" in your own words.', node);
  }
  const evidence = EVIDENCE.find((e) => e === field('evidence'));
  if (!evidence) {
    ok = false;
    fail(`story evidence must be one of ${EVIDENCE.join(', ')}.`, getPair(node, 'evidence')?.value ?? node);
  }
  const url = field('url');
  if (url !== undefined && !/^https:\/\//.test(url)) {
    ok = false;
    fail('story url must be https.', getPair(node, 'url')?.value);
  }
  if (!url && (evidence === 'postmortem' || evidence === 'public-report')) {
    ok = false;
    fail(`story with evidence "${evidence}" needs the url of the original write-up.`, node);
  }
  const date = field('date');
  if (!ok || !title || !summary || !evidence) return undefined;
  return {
    title,
    summary: summary.replace(/\s*\n\s*/g, ' '),
    evidence,
    ...(url ? { url } : {}),
    ...(date ? { date } : {}),
  };
}

/** Concrete paths for a path with `*` (each index of the sequence found there) and a `podSpec` prefix. */
function expand(object: K8sObject, path: readonly PathSegment[]): PathSegment[][] {
  let start: PathSegment[][] = [[]];
  let rest = path;
  if (path[0] === 'podSpec') {
    const template = podTemplateOf(object);
    if (!template) return [];
    start = [template.specPath];
    rest = path.slice(1);
  }
  for (const segment of rest) {
    if (segment !== '*') {
      start = start.map((p) => [...p, segment]);
      continue;
    }
    start = start.flatMap((p) => {
      const list = valueAt(object.value, p);
      return Array.isArray(list) ? list.map((_, i) => [...p, i]) : [];
    });
  }
  return start;
}

/** The path of the fix with the `*`s of `at` replaced by the indices of the finding's place. */
function bindIndices(
  path: readonly PathSegment[],
  object: K8sObject,
  place: PathSegment[] | undefined,
): PathSegment[] {
  const template = path[0] === 'podSpec' ? podTemplateOf(object) : undefined;
  const full = template ? [...template.specPath, ...path.slice(1)] : [...path];
  if (!place) return full;
  return full.map((segment, i) => (segment === '*' && typeof place[i] === 'number' ? place[i] : segment));
}

export function buildTeamRule(spec: TeamRuleSpec, budgetMs = TEAM_RULE_BUDGET_MS): Rule {
  const meta: RuleMeta = {
    id: spec.id,
    title: spec.title,
    category: spec.category,
    defaultSeverity: spec.severity,
    description: spec.title,
    rationale: spec.rationale ?? spec.story.summary,
    remediation: spec.remediation,
    stories: [spec.story],
    messages: { fire: spec.message },
    fixable: spec.fix !== undefined,
    kinds: [...new Set(spec.kinds)],
  };
  // Analyses in which the condition ran over budget: the rule stops there, and says so once. An analysis is
  // told apart by its list of related objects, made afresh for each (a part's parse may be reused by later ones).
  const slow = new WeakSet<object>();
  const maxSteps = stepsForBudget(budgetMs);
  const run = (activation: Record<string, unknown>, context: RuleContext): boolean => {
    const outcome = spec.evaluate(activation, { maxSteps, budgetMs });
    if (outcome.exceeded) {
      slow.add(context.related);
      // One message whichever bound stopped it: the steps are calibrated to stop first, but a slow machine may
      // reach the time first, and a file's diagnostics should not depend on the machine.
      throw new Error(
        `condition ran over its budget of ${budgetMs} ms (${maxSteps.toLocaleString('en')} evaluation steps) and was stopped; the rule is stopped for this file`,
      );
    }
    if (outcome.error) throw new Error(`condition failed: ${outcome.error.message.split('\n')[0]}`);
    const result = outcome.value;
    if (typeof result !== 'boolean') throw new Error(`condition must return a bool, not ${typeof result}`);
    return result;
  };
  return {
    meta,
    check(object: K8sObject, context: RuleContext) {
      if (slow.has(context.related)) return;
      if (!spec.namedKinds.includes(object.kind) && !workloadKindOf(object)) return;
      const template = podTemplateOf(object);
      const containers = template
        ? [
            ...((template.spec.initContainers ?? []) as unknown[]),
            ...((template.spec.containers ?? []) as unknown[]),
          ]
        : [];
      const base = { object: object.value, podSpec: template?.spec ?? {}, containers, item: null };
      const data = { name: object.name ?? '', kind: object.kind, namespace: object.namespace ?? 'default' };
      const places = spec.at ? expand(object, spec.at) : [undefined];
      const fanned = spec.at?.includes('*') ?? false;
      for (const place of fanned && places.length === 0 ? [] : places) {
        const star = place && spec.at ? firstStar(spec.at, object, place) : undefined;
        const item = star ? valueAt(object.value, star) : null;
        if (!run({ ...base, item }, context)) continue;
        const span = place ? keySpanAt(object.node, place) : objectNameSpan(object);
        const fix = spec.fix;
        context.report({
          messageId: 'fire',
          data: {
            ...data,
            ...(item && typeof item === 'object' && 'name' in item ? { item: String(item.name) } : {}),
          },
          span: span ?? objectNameSpan(object),
          ...(fix
            ? {
                fix: () => {
                  const edits = ensureEntries(
                    context.file,
                    object.node,
                    bindIndices(fix.at, object, place),
                    fix.value,
                  );
                  return edits ? [{ title: fix.title, edits }] : [];
                },
              }
            : {}),
        });
      }
    },
  };
}

/** The concrete path up to and including the first `*` of `at`, for the `item` variable. */
function firstStar(
  at: readonly PathSegment[],
  object: K8sObject,
  place: PathSegment[],
): PathSegment[] | undefined {
  const prefix = at[0] === 'podSpec' ? (podTemplateOf(object)?.specPath.length ?? 0) - 1 : 0;
  const index = at.indexOf('*');
  return index === -1 ? undefined : place.slice(0, index + prefix + 1);
}
