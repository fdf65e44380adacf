// The findings of fixtures/workspace/catalogue.yaml: one document per single-object rule that shop.yaml does not
// show, each otherwise clean, so that together with SHOP_FINDINGS and CROSS_FINDINGS every registered rule is
// proven in a real editor. Used by the extension-host suite (suite/extension.test.ts).
//
// Written out by hand from `node dist/cli.js check --fail-on none test/e2e/fixtures/workspace` (its 1-based
// line:column minus one gives the 0-based ranges; the rules see every file of the folder, as they do in the
// editor through the workspace index, and cross.yaml holds the objects these documents refer to), on purpose
// rather than computed at run time: a regression in the engine must not be able to move both the product and
// the expectation at once. The fix titles are those of each finding's first fix; the text after it is
// fixtures/expected/catalogue.<code>.yaml.

/** One finding as a user sees it: the diagnostic, its first quick fix (if any) and its story. */
export interface CatalogueFinding {
  /** The rule id, which is the diagnostic's code. */
  readonly code: string;
  readonly severity: 'info' | 'warning' | 'error';
  /** 0-based [startLine, startCharacter, endLine, endCharacter]. */
  readonly range: readonly [number, number, number, number];
  /** The diagnostic's message, exactly. */
  readonly message: string;
  /** The title of the rule's first quick fix; null when the rule offers none (only the central actions). */
  readonly fix: string | null;
  /** The title of the primary war story, as the hover names it. */
  readonly story: string;
  /** The evidence level as the hover words it ('Evidence: Scenario: …'). */
  readonly evidence: 'Postmortem' | 'Public report' | 'Retold' | 'Scenario';
}

/** In the order of the file, which is also the order of their ranges. */
export const CATALOGUE_FINDINGS: readonly CatalogueFinding[] = [
  {
    code: 'cpu-limit-throttling',
    severity: 'info',
    range: [21, 12, 21, 15],
    message:
      'Container "api" has CPU limit 500m, under 1 core: bursts are throttled by CFS, adding latency while average CPU use looks low.',
    fix: 'Remove the CPU limit of "api" (keep its 250m request)',
    story: 'Omio: months of random stalls traced to CPU limits and CFS throttling',
    evidence: 'Postmortem',
  },
  {
    code: 'missing-ephemeral-storage-limit',
    severity: 'info',
    range: [34, 4, 34, 13],
    message:
      'Container "server" has no ephemeral-storage limit: its logs and scratch files can fill the node\u2019s disk, and disk pressure evicts its neighbours.',
    fix: 'Add ephemeral-storage limit 2Gi to "server"',
    story: 'A debug-logging storm filled node disks and evicted unrelated pods',
    evidence: 'Public report',
  },
  {
    code: 'pdb-blocks-eviction',
    severity: 'warning',
    range: [45, 18, 45, 19],
    message:
      'PodDisruptionBudget "blackbox-exporter" sets maxUnavailable 0: none of its pods may ever be evicted, so node drains and cluster upgrades hang on them.',
    fix: 'Allow one pod at a time to be evicted (maxUnavailable: 1)',
    story: 'Helm chart issue: a default PodDisruptionBudget stopped node drains and upgrades',
    evidence: 'Public report',
  },
  {
    code: 'spread-do-not-schedule',
    severity: 'info',
    range: [60, 23, 60, 36],
    message:
      'Pod "web-app" spreads over "topology.kubernetes.io/zone" with whenUnsatisfiable: DoNotSchedule: when one domain is short of room, new pods stay Pending instead of running unevenly.',
    fix: 'Make the spread over "topology.kubernetes.io/zone" soft (ScheduleAnyway)',
    story: 'Kubernetes issue 116978: one zone out of capacity left 7 of 9 pods Pending',
    evidence: 'Public report',
  },
  {
    code: 'missing-startup-probe',
    severity: 'info',
    range: [80, 4, 80, 17],
    message:
      'Container "storefront" has a liveness probe but no startup probe, and only 30 s to start (initialDelaySeconds 0 + failureThreshold 3 \u00d7 periodSeconds 10): a slow start is killed and restarted in a loop.',
    fix: 'Add a startup probe to "storefront" (same httpGet check, up to 300 s to start)',
    story: 'Shopify, Black Friday 2020: a record weekend, retold as a slow-start near miss',
    evidence: 'Retold',
  },
  {
    code: 'identical-liveness-readiness',
    severity: 'info',
    range: [100, 4, 100, 17],
    message:
      'Container "payments" has identical liveness and readiness probes: the moment it is too busy to be ready it is also restarted, so an overloaded pod is killed instead of shed.',
    fix: null,
    story:
      'Henning Jacobs (Zalando): liveness probes are dangerous, and one spec for both probes is a classic mistake',
    evidence: 'Public report',
  },
  {
    code: 'hpa-missing-behavior',
    severity: 'info',
    range: [126, 2, 126, 13],
    message:
      'HorizontalPodAutoscaler "storefront" sets no behavior: it adds at most the larger of 100% or 4 pods per 15 s and waits 300 s to scale down, rates nobody chose for this workload.',
    fix: 'Add scaling behavior (up to 10 pods or 100% per 15 s; scale down after 300 s)',
    story: 'Postmates: built its own autoscaler to control how fast each service scales',
    evidence: 'Public report',
  },
  {
    code: 'metadata-api-reachable',
    severity: 'warning',
    range: [144, 14, 144, 23],
    message:
      'Egress rule #1 of NetworkPolicy "web-egress" allows 0.0.0.0/0 without excepting 169.254.169.254/32: a request forged through any selected pod can read the node\u2019s cloud credentials from the metadata API.',
    fix: 'Except 169.254.169.254/32 from 0.0.0.0/0',
    story: 'Shopify, 2018: an SSRF reached the Google Cloud metadata API, then root in a cluster',
    evidence: 'Public report',
  },
  {
    code: 'privileged-container',
    severity: 'warning',
    range: [157, 6, 157, 16],
    message:
      'Container "scope-agent" of Pod "scope-agent" runs privileged: it gets every capability and the host\u2019s devices, so a shell in it is a shell on the node.',
    fix: null,
    story: 'JW Player: a cryptominer broke out of a privileged Weave Scope container onto every node',
    evidence: 'Postmortem',
  },
  {
    code: 'sensitive-host-path',
    severity: 'warning',
    range: [179, 12, 179, 32],
    message:
      'Volume "docker-socket" of Pod "weave-scope-agent" mounts the sensitive host path "/var/run/docker.sock" (the container runtime\u2019s control socket): a compromised container can use it to take over the node.',
    fix: null,
    story: 'JW Player: host mounts let a cryptominer out of a Weave Scope container',
    evidence: 'Postmortem',
  },
  {
    code: 'podsecuritypolicy-removed',
    severity: 'error',
    range: [182, 6, 182, 23],
    message:
      'PodSecurityPolicy "restricted" cannot be applied: the API was removed in Kubernetes 1.25 (you target 1.36), so nothing it forbids is enforced. Use pod-security.kubernetes.io namespace labels instead.',
    fix: null,
    story:
      'cert-manager #5971: a chart still rendering PodSecurityPolicy could not install on a 1.25 cluster',
    evidence: 'Public report',
  },
  {
    code: 'namespace-without-pod-security',
    severity: 'info',
    range: [192, 8, 192, 16],
    message:
      'Namespace "checkout" has no pod-security.kubernetes.io/enforce label: its pods may run privileged, share host namespaces or mount host paths unchecked.',
    fix: 'Add label pod-security.kubernetes.io/enforce: baseline',
    story: 'JW Player: a privileged, host-mounting agent that baseline would have refused',
    evidence: 'Postmortem',
  },
  {
    code: 'service-account-token-automount',
    severity: 'info',
    range: [203, 2, 203, 12],
    message:
      'Pod "web" runs as the "default" service account with its API token mounted: whoever compromises a container gets a Kubernetes credential it never needed.',
    fix: 'Set automountServiceAccountToken: false',
    story: 'Shopify, 2018: a default service account token turned an SSRF into root shells',
    evidence: 'Public report',
  },
  {
    code: 'webhook-fail-closed-cluster-wide',
    severity: 'warning',
    range: [225, 17, 225, 21],
    message:
      'Webhook "validate.policy.example.com" of ValidatingWebhookConfiguration "policy" fails closed (failurePolicy: Fail) and also intercepts kube-system: if its backend is down, the control plane\u2019s own writes there are rejected.',
    fix: 'Exclude kube-system from webhook "validate.policy.example.com" with a namespaceSelector',
    story: 'Jetstack: an unresponsive OPA webhook took a GKE cluster down during a master upgrade',
    evidence: 'Postmortem',
  },
  {
    code: 'priorityclass-preempts',
    severity: 'info',
    range: [233, 0, 233, 5],
    message:
      'PriorityClass "ingester" has value 1000000 (at least 1000000) and may preempt: its pods evict lower-priority pods when the cluster is full. Add preemptionPolicy: Never if they only need to be scheduled first.',
    fix: 'Set preemptionPolicy: Never (pods are scheduled first but evict nobody)',
    story: 'Grafana Labs: pod priorities caused a Hosted Prometheus outage',
    evidence: 'Postmortem',
  },
  {
    code: 'job-without-limits',
    severity: 'info',
    range: [239, 8, 239, 15],
    message:
      'Job "reindex" sets neither backoffLimit nor activeDeadlineSeconds: a failing pod is retried up to 6 times (the default) and a hanging one runs with no time limit.',
    fix: 'Add backoffLimit: 3 and activeDeadlineSeconds: 3600',
    story: 'Axis: one CronJob left more than 7,500 Jobs running and slowed the Job controller',
    evidence: 'Postmortem',
  },
  {
    code: 'image-pull-always',
    severity: 'info',
    range: [260, 21, 260, 27],
    message:
      'Container "frontend" sets imagePullPolicy: Always, so every start of it pulls "ghcr.io/acme/frontend:4.2.0" from the registry: if the registry is unreachable, restarts and new pods fail. Use IfNotPresent for a pinned image.',
    fix: 'Use imagePullPolicy: IfNotPresent (the image is pinned)',
    story:
      'GitHub, July 2020: pods could not restart because every start pulled from an unreachable registry',
    evidence: 'Postmortem',
  },
  {
    code: 'etcd-small-quota',
    severity: 'warning',
    range: [279, 6, 279, 37],
    message:
      'etcd in container "etcd" caps its database at 419430400 bytes (400 MiB) with --quota-backend-bytes, below 2147483648 (2 GiB): when the data reaches the quota etcd raises a NOSPACE alarm and refuses every write until someone compacts, defragments and disarms it.',
    fix: "Raise the quota to 8589934592 bytes (8 GiB, etcd's suggested maximum)",
    story: 'agent-sandbox benchmark: crossing the etcd quota mid-run set off a retry storm',
    evidence: 'Public report',
  },
  {
    code: 'etcd-no-auto-compaction',
    severity: 'warning',
    range: [294, 6, 294, 10],
    message:
      'etcd in container "etcd" runs without --auto-compaction-retention: it keeps every old revision of every key until something compacts them, and the database grows until the space quota stops all writes.',
    fix: 'Add --auto-compaction-retention=1',
    story: 'Pachyderm: etcd refused writes after a few days because nothing compacted its history',
    evidence: 'Public report',
  },
  {
    code: 'even-quorum-replicas',
    severity: 'warning',
    range: [307, 2, 307, 10],
    message:
      'StatefulSet "zookeeper" looks like a quorum store (name "zookeeper") but runs 4 replicas: a majority of 4 is 3, so it survives only 1 failure(s), no more than 3 replicas would, and an even split leaves neither side a majority. Use an odd count.',
    fix: null,
    story: 'k3s #5969: a two-server etcd cluster went down when one server stopped',
    evidence: 'Public report',
  },
  {
    code: 'kubelet-no-log-rotation',
    severity: 'info',
    range: [341, 6, 341, 26],
    message:
      'KubeletConfiguration does not set containerLogMaxSize: how large each container\u2019s logs may grow on the node is left to the kubelet\u2019s built-in default (10Mi and 5 files in v1beta1), unseen in review. Set it explicitly, sized for the node\u2019s disk.',
    fix: 'Add containerLogMaxSize: 10Mi and containerLogMaxFiles: 5',
    story: 'The log explosion',
    evidence: 'Scenario',
  },
  {
    code: 'storageclass-no-expansion',
    severity: 'info',
    range: [349, 8, 349, 20],
    message:
      'StorageClass "etcd-storage" does not set allowVolumeExpansion: claims it provisions cannot be enlarged when their volumes fill up.',
    fix: 'Add allowVolumeExpansion: true',
    story: 'mysql-operator #198: full MySQL volumes whose claims could not be enlarged',
    evidence: 'Public report',
  },
  {
    code: 'removed-api-version',
    severity: 'error',
    range: [354, 12, 354, 25],
    message:
      'CronJob "nightly-report" uses batch/v1beta1, which Kubernetes 1.25 stopped serving (target 1.36): the API server rejects it. Use batch/v1 (same fields).',
    fix: 'Change apiVersion to batch/v1 (same fields)',
    story: 'GitLab Operator: crash loop on Kubernetes 1.25 over a removed CronJob version',
    evidence: 'Public report',
  },
  {
    code: 'unknown-field',
    severity: 'warning',
    range: [379, 2, 379, 12],
    message:
      '`annotation` is not a field of ObjectMeta at `metadata`: did you mean `annotations`? The API server drops unknown fields, so this setting never takes effect.',
    fix: 'Rename `annotation` to `annotations`',
    story:
      'Kubernetes KEP-2885: unknown fields were dropped without a word, so the API server learned to say so',
    evidence: 'Public report',
  },
  {
    code: 'misplaced-field',
    severity: 'warning',
    range: [400, 4, 400, 20],
    message:
      '`imagePullSecrets` is not a field of Container at `spec.containers[0]`; it belongs in PodSpec (`spec.imagePullSecrets`). Here the API server drops it, so it never takes effect.',
    fix: null,
    story: 'Kubernetes issue 26804: `containers` added to the wrong object were silently ignored',
    evidence: 'Public report',
  },
  {
    code: 'wrong-type',
    severity: 'error',
    range: [417, 13, 417, 14],
    message:
      '`spec.containers[0].env[0].value` must be a string, not the number 4: the API server rejects the object.',
    fix: 'Quote 4 so that it is read as the string "4"',
    story: 'Helm issue 11562: a CronJob failed to install because an env value rendered as a number',
    evidence: 'Public report',
  },
  {
    code: 'invalid-enum-value',
    severity: 'error',
    range: [433, 16, 433, 19],
    message:
      '`spec.containers[0].ports[0].protocol: udp` is not allowed: values are case-sensitive; did you mean `UDP`? The API server rejects the object.',
    fix: 'Change `udp` to `UDP`',
    story: 'Kubernetes: enum fields are case-sensitive and the API server rejects any other spelling',
    evidence: 'Scenario',
  },
  {
    code: 'missing-required-field',
    severity: 'error',
    range: [442, 0, 442, 4],
    message:
      'DeploymentSpec at `spec` has no `selector`, which it requires: the API server rejects Deployment "legacy-worker".',
    fix: 'Add spec.selector.matchLabels from the pod template\u2019s labels',
    story: 'Moving Deployments to apps/v1 broke deploys that relied on a defaulted selector',
    evidence: 'Scenario',
  },
];
