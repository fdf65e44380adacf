// The admission part of `npm run bench` (issue 21): what the Pod Security rules and the admission-policy rule
// cost on the corpus's largest files, as a ratio to the same analysis without them, in this process.
//
// The bench also times a cold analysis in a fresh process (bench.ts, `schemaCost`), but for these checks that
// figure cannot tell 1.2 × from 1.0 ×: the smallest of the five files analyses in about 10 ms, and identical
// fresh processes spent 12 to 25 ms of CPU on it (module loading, the JIT's own threads). Here each variant
// is warmed up, then the variants alternate round after round, so that a slow spell or a collection of the
// other variant's garbage falls on both sides, and the medians of CPU time are compared. Each sample is a batch
// of analyses: Linux accounts CPU time in scheduler ticks (up to 4 ms), a fifth of one analysis of the
// smaller files, and a single analysis would be billed for whichever collection of earlier garbage it met.
import { performance } from 'node:perf_hooks';
import { RULES } from '../rules';
import { analyseFile } from '../server/engine/engine';
import { parseFile } from '../server/engine/parse';
import { RuleSet } from '../server/engine/rule-set';
import { normaliseSettings } from '../server/engine/settings';
import type { K8sObject } from '../server/engine/types';

/** The rules of issue 21: the two Pod Security levels and the team's own ValidatingAdmissionPolicies. */
export const ADMISSION_RULE_IDS = new Set([
  'pod-security-baseline',
  'pod-security-restricted',
  'admission-policy-violation',
]);

/**
 * A policy of the kind platform teams write first, in view of every file of the "with a policy" variant: every
 * object of every resource must carry a `team` label. Matching every resource is the worst case for cost, as
 * each object of the file is then evaluated.
 */
const TEAM_LABEL_POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: require-team}
spec:
  matchConstraints:
    resourceRules:
    - {apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE], resources: ["*"]}
  validations:
  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
    message: Every object needs a team label.
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: require-team}
spec:
  policyName: require-team
  validationActions: [Deny]
`;

/** CPU (user + system) and wall milliseconds of one piece of work. */
interface Cost {
  cpuMs: number;
  wallMs: number;
}

function measure(work: () => void): Cost {
  const cpu = process.cpuUsage();
  const started = performance.now();
  work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs };
}

/** The nearest-rank median: a value that was measured. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(s.length / 2) - 1)] ?? NaN;
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** Analyses per sample (see the top of this file). */
const BATCH = 6;

export interface AdmissionFileCost {
  bytes: number;
  /**
   * Median CPU ms of one parse + analysis (a batch's time over BATCH) without the three rules, with them, and
   * with them and the policy.
   */
  offCpuMs: number;
  onCpuMs: number;
  policyCpuMs: number;
  /** on / off and policy / off, medians of CPU time. */
  ratio: number;
  policyRatio: number;
  /** The findings the policy variant reported for the policy (that it was evaluated at all). */
  policyFindings: number;
}

export interface AdmissionCost {
  rounds: number;
  /** Analyses per sample. */
  batch: number;
  files: Record<string, AdmissionFileCost>;
  /** The worst file's on / off and policy / off. */
  worst: number;
  worstWithPolicy: number;
}

/**
 * Each file parsed and analysed from its text (no parse reused) with every workload held to `restricted`
 * (`podSecurity.level`, where the Pod Security rules do the most work): without the three rules, with them and
 * no policy in view, and with them and TEAM_LABEL_POLICY in view. Two warm-up rounds, then `rounds` rounds
 * alternating the three variants, each sample a batch of BATCH analyses.
 */
export function admissionCost(
  files: readonly { name: string; path: string; text: string }[],
  rounds = 9,
): AdmissionCost {
  const settings = normaliseSettings({ podSecurity: { level: 'restricted' } });
  const variants = {
    off: new RuleSet(RULES.filter((rule) => !ADMISSION_RULE_IDS.has(rule.meta.id))),
    on: new RuleSet(RULES),
  };
  const policy: readonly K8sObject[] = parseFile(
    TEAM_LABEL_POLICY,
    {},
    'file:///bench/policies/team.yaml',
  ).objects;
  const analyse = (rules: RuleSet, path: string, text: string, related: readonly K8sObject[]) => {
    let last: ReturnType<typeof analyseFile> | undefined;
    for (let i = 0; i < BATCH; i++) {
      last = analyseFile(parseFile(text, {}, path, { bodyKinds: rules.bodyKinds(settings) }), rules, {
        uri: path,
        settings,
        related,
      });
    }
    return last!;
  };
  const out: Record<string, AdmissionFileCost> = {};
  for (const { name, path, text } of files) {
    const costs = { off: [] as number[], on: [] as number[], policy: [] as number[] };
    let policyFindings = 0;
    for (let round = 0; round < rounds + 2; round++) {
      const off = measure(() => analyse(variants.off, path, text, []));
      const on = measure(() => analyse(variants.on, path, text, []));
      const withPolicy = measure(() => {
        policyFindings = analyse(variants.on, path, text, policy).findings.filter(
          (finding) => finding.ruleId === 'admission-policy-violation',
        ).length;
      });
      if (round < 2) continue;
      costs.off.push(off.cpuMs / BATCH);
      costs.on.push(on.cpuMs / BATCH);
      costs.policy.push(withPolicy.cpuMs / BATCH);
    }
    const [off, on, withPolicy] = [median(costs.off), median(costs.on), median(costs.policy)];
    out[name] = {
      bytes: Buffer.byteLength(text),
      offCpuMs: round(off),
      onCpuMs: round(on),
      policyCpuMs: round(withPolicy),
      ratio: round(on / off, 3),
      policyRatio: round(withPolicy / off, 3),
      policyFindings,
    };
  }
  const all = Object.values(out);
  return {
    rounds,
    batch: BATCH,
    files: out,
    worst: Math.max(...all.map((f) => f.ratio)),
    worstWithPolicy: Math.max(...all.map((f) => f.policyRatio)),
  };
}
