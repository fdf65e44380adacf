// Workloads that operators run (Argo Rollouts, OpenShift, OpenKruise, LeaderWorkerSet, Knative, KEDA) are
// checked by the pod-spec rules like Deployments: the table in server/engine/workloads.ts says where each
// keeps its pod templates. Positions are exact, and the core `Service`, which shares a kind name with
// Knative's, is never taken for a workload.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES } from '../built-in-rules';
import { RuleSet } from '../../server/engine/rule-set';
import { analyseText } from '../../server/engine/engine';
import { applyEdits } from '../../server/engine/edits';
import { parseFile } from '../../server/engine/parse';
import { computeLineStarts, offsetToPosition } from '../../server/engine/positions';
import {
  controllerSelectorLabels,
  podContainersOf,
  podTemplateOf,
  podTemplatesOf,
  replicasOf,
  WORKLOAD_KINDS,
  WORKLOADS,
} from '../../server/engine/workloads';
import { parseDocument } from 'yaml';
import { readTeamRules } from '../../server/engine/team-rules';
import { lines } from '../rule-cases';

/** The pod-spec rules these manifests exercise (others, such as the cross rules, are tested elsewhere). */
const POD_RULES = new Set([
  'missing-memory-limit',
  'missing-resource-requests',
  'privileged-container',
  'sensitive-host-path',
  'image-pull-always',
]);

/** `rule line:column-endLine:endColumn` (1-based, end exclusive) of each finding of the pod-spec rules. */
function findings(text: string): string[] {
  const starts = computeLineStarts(text);
  const at = (offset: number): string => {
    const p = offsetToPosition(starts, offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const analysis = analyseText(text, BUILT_IN_RULES, { uri: 'workload.yaml' });
  assert.deepEqual(analysis.failures, []);
  return analysis.findings
    .filter((f) => POD_RULES.has(f.ruleId))
    .map((f) => `${f.ruleId} ${at(f.span.start)}-${at(f.span.end)}`);
}

const ROLLOUT = lines(
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Rollout',
  'metadata:',
  '  name: checkout',
  'spec:',
  '  replicas: 5',
  '  strategy:',
  '    canary:',
  '      steps:',
  '        - setWeight: 20',
  '        - pause: {duration: 10m}',
  '  selector:',
  '    matchLabels:',
  '      app: checkout',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: checkout',
  '    spec:',
  '      containers:',
  '        - name: checkout',
  '          image: registry.example.com/shop/checkout:1.8.2',
  '          resources:',
  '            requests: {cpu: 200m, memory: 256Mi}',
);

describe('custom workload kinds', () => {
  it('an Argo Rollout is checked at its template, and its fix writes there', () => {
    assert.deepEqual(findings(ROLLOUT), ['missing-memory-limit 23:11-23:20']);
    const analysis = analyseText(ROLLOUT, BUILT_IN_RULES, { uri: 'rollout.yaml' });
    const finding = analysis.findings.find((f) => f.ruleId === 'missing-memory-limit')!;
    assert.equal(
      applyEdits(ROLLOUT, finding.getFixes()[0]!.edits),
      ROLLOUT + '            limits:\n              memory: 512Mi\n',
    );
    const object = parseFile(ROLLOUT).objects[0]!;
    assert.equal(replicasOf(object), 5);
    assert.deepEqual(controllerSelectorLabels(object), { app: 'checkout' });
    assert.deepEqual(podTemplateOf(object)?.labels, { app: 'checkout' });
  });

  it('a Rollout that borrows a Deployment’s template (workloadRef) has no template of its own to report', () => {
    const text = lines(
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Rollout',
      'metadata:',
      '  name: checkout',
      'spec:',
      '  replicas: 5',
      '  selector:',
      '    matchLabels: {app: checkout}',
      '  workloadRef:',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    name: checkout',
      '  strategy:',
      '    canary: {steps: [{setWeight: 20}]}',
    );
    const object = parseFile(text).objects[0]!;
    assert.deepEqual(podTemplatesOf(object), []);
    const analysis = analyseText(text, BUILT_IN_RULES, { uri: 'rollout.yaml' });
    assert.deepEqual(analysis.failures, []);
    // No rule reads the missing template as a pod without containers, probes, anti-affinity or budget.
    assert.deepEqual(
      analysis.findings.map((f) => f.ruleId),
      [],
    );
  });

  it('an OpenShift DeploymentConfig, with its label-map selector', () => {
    const text = lines(
      'apiVersion: apps.openshift.io/v1',
      'kind: DeploymentConfig',
      'metadata:',
      '  name: frontend',
      'spec:',
      '  replicas: 2',
      '  selector:',
      '    name: frontend',
      '  triggers:',
      '    - type: ConfigChange',
      '  template:',
      '    metadata:',
      '      labels:',
      '        name: frontend',
      '    spec:',
      '      containers:',
      '        - name: nginx',
      '          image: nginx:latest',
      '          imagePullPolicy: Always',
      '          securityContext:',
      '            privileged: true',
    );
    assert.deepEqual(findings(text), [
      'missing-memory-limit 17:17-17:22',
      'missing-resource-requests 17:17-17:22',
      'image-pull-always 19:28-19:34',
      'privileged-container 21:13-21:23',
    ]);
    const object = parseFile(text).objects[0]!;
    assert.deepEqual(controllerSelectorLabels(object), { name: 'frontend' });
  });

  it('an OpenKruise CloneSet', () => {
    const text = lines(
      'apiVersion: apps.kruise.io/v1alpha1',
      'kind: CloneSet',
      'metadata:',
      '  name: sample',
      '  namespace: kruise-demo',
      'spec:',
      '  replicas: 3',
      '  selector:',
      '    matchLabels: {app: sample}',
      '  updateStrategy:',
      '    type: InPlaceIfPossible',
      '  template:',
      '    metadata:',
      '      labels: {app: sample}',
      '    spec:',
      '      volumes:',
      '        - name: docker',
      '          hostPath: {path: /var/run/docker.sock}',
      '      containers:',
      '        - name: main',
      '          image: nginx:1.27',
      '          resources:',
      '            limits: {memory: 128Mi}',
      '            requests: {cpu: 50m, memory: 128Mi}',
    );
    assert.deepEqual(findings(text), ['sensitive-host-path 18:28-18:48']);
  });

  it('a LeaderWorkerSet is checked in its leader’s and its worker’s template', () => {
    const text = lines(
      'apiVersion: leaderworkerset.x-k8s.io/v1',
      'kind: LeaderWorkerSet',
      'metadata:',
      '  name: vllm',
      'spec:',
      '  replicas: 2',
      '  leaderWorkerTemplate:',
      '    size: 4',
      '    restartPolicy: RecreateGroupOnPodRestart',
      '    leaderTemplate:',
      '      metadata:',
      '        labels: {role: leader}',
      '      spec:',
      '        containers:',
      '          - name: vllm-leader',
      '            image: vllm/vllm-openai:v0.6.3',
      '            resources:',
      '              limits: {memory: 64Gi, nvidia.com/gpu: "8"}',
      '              requests: {cpu: "8", memory: 64Gi}',
      '    workerTemplate:',
      '      spec:',
      '        containers:',
      '          - name: vllm-worker',
      '            image: vllm/vllm-openai:v0.6.3',
      '            resources:',
      '              limits: {nvidia.com/gpu: "8"}',
    );
    assert.deepEqual(findings(text), [
      'missing-memory-limit 25:13-25:22',
      'missing-resource-requests 25:13-25:22',
    ]);
    const object = parseFile(text).objects[0]!;
    assert.deepEqual(
      podTemplatesOf(object).map((t) => t.specPath.join('.')),
      ['spec.leaderWorkerTemplate.leaderTemplate.spec', 'spec.leaderWorkerTemplate.workerTemplate.spec'],
    );
    assert.deepEqual(
      podContainersOf(object).map((c) => c.name),
      ['vllm-leader', 'vllm-worker'],
    );
  });

  it('a Knative Service is a workload without a selector; the core Service beside it is not', () => {
    const text = lines(
      'apiVersion: serving.knative.dev/v1',
      'kind: Service',
      'metadata:',
      '  name: hello',
      'spec:',
      '  template:',
      '    metadata:',
      '      annotations:',
      '        autoscaling.knative.dev/min-scale: "1"',
      '    spec:',
      '      containers:',
      '        - image: ghcr.io/knative/helloworld-go:latest',
      '          ports:',
      '            - containerPort: 8080',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: hello-internal',
      'spec:',
      '  selector: {app: hello}',
      '  ports:',
      '    - port: 80',
    );
    assert.deepEqual(findings(text), [
      'missing-memory-limit 12:11-12:16',
      'missing-resource-requests 12:11-12:16',
      'image-pull-always 12:18-12:54',
    ]);
    const [knative, core] = parseFile(text).objects;
    assert.ok(podTemplateOf(knative!));
    assert.equal(controllerSelectorLabels(knative!), undefined);
    assert.equal(podTemplateOf(core!), undefined);
  });

  it('a KEDA ScaledJob, at its jobTargetRef’s template', () => {
    const text = lines(
      'apiVersion: keda.sh/v1alpha1',
      'kind: ScaledJob',
      'metadata:',
      '  name: queue-consumer',
      'spec:',
      '  jobTargetRef:',
      '    backoffLimit: 4',
      '    template:',
      '      spec:',
      '        restartPolicy: Never',
      '        containers:',
      '          - name: consumer',
      '            image: registry.example.com/jobs/consumer:3.1',
      '            volumeMounts: [{name: logs, mountPath: /host-logs}]',
      '        volumes:',
      '          - name: logs',
      '            hostPath:',
      '              path: /var/log',
      '  pollingInterval: 30',
      '  triggers:',
      '    - type: rabbitmq',
      '      metadata: {queueName: orders, mode: QueueLength, value: "5"}',
    );
    assert.deepEqual(findings(text), [
      'missing-memory-limit 12:19-12:27',
      'missing-resource-requests 12:19-12:27',
      'sensitive-host-path 18:21-18:29',
    ]);
  });

  it('an operator’s kind name under another API group is not taken for that workload', () => {
    const text = lines(
      'apiVersion: example.com/v1',
      'kind: Rollout',
      'metadata: {name: unrelated}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: app}]',
    );
    assert.deepEqual(findings(text), []);
    assert.equal(podTemplateOf(parseFile(text).objects[0]!), undefined);
  });

  it('every table entry names its kind, at least one group and one template; rules check each kind', () => {
    for (const workload of WORKLOADS) {
      assert.ok(workload.groups.length > 0 && workload.templates.length > 0, workload.kind);
      if (workload.runs !== 'template') assert.ok(WORKLOAD_KINDS.includes(workload.kind), workload.kind);
    }
    const memory = BUILT_IN_RULES.get('missing-memory-limit')!;
    for (const kind of [
      'Rollout',
      'DeploymentConfig',
      'CloneSet',
      'LeaderWorkerSet',
      'Service',
      'ScaledJob',
    ]) {
      assert.ok(memory.meta.kinds.includes(kind), kind);
    }
  });

  it('a team rule for `workloads` checks a Knative Service but not a core Service; one naming Service checks both', () => {
    const teamRule = (kinds: string) =>
      readTeamRules(
        parseDocument(
          lines(
            'teamRules:',
            '  - id: team/owner-label',
            '    title: Workloads name their owner',
            `    kinds: [${kinds}]`,
            '    condition: "!has(object.metadata.labels) || !(\'team\' in object.metadata.labels)"',
            '    message: "{kind} {name} names no owning team."',
            '    remediation: Add a team label.',
            '    story:',
            '      title: Nobody owned the pager',
            '      evidence: scenario',
            '      summary: An illustrative composite.',
          ),
        ).get('teamRules', true) as Parameters<typeof readTeamRules>[0],
        new Set(),
      );
    const text = lines(
      'apiVersion: serving.knative.dev/v1',
      'kind: Service',
      'metadata: {name: hello}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{image: "ghcr.io/knative/helloworld-go:1.2"}]',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: hello-internal}',
      'spec: {selector: {app: hello}, ports: [{port: 80}]}',
    );
    const workloads = teamRule('workloads');
    assert.deepEqual(workloads.problems, []);
    assert.deepEqual(
      analyseText(text, new RuleSet(workloads.rules)).findings.map((f) => f.message),
      ['Service hello names no owning team.'],
    );
    const named = teamRule('Service');
    assert.deepEqual(
      analyseText(text, new RuleSet(named.rules)).findings.map((f) => f.message),
      ['Service hello names no owning team.', 'Service hello-internal names no owning team.'],
    );
  });
});
