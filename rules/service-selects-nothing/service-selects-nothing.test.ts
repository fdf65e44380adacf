// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings, messages that name the other file a related object lives in, and severities lowered to a hint.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { deployment, service } from './cases';

relatedTester(rule, [
  {
    name: 'the workloads nearest to the selector, from another file',
    code: lines(...service(['  selector: {app: checkout, tier: web}']).slice(1)),
    files: {
      'apps.yaml': lines(
        ...deployment('checkout', 'app: checkout, tier: api'),
        '---',
        ...deployment('search', 'app: search, tier: web'),
        '---',
        ...deployment('cache', 'app: cache'),
      ),
    },
    related: [
      [
        'apps.yaml:4 Deployment "checkout" has the pod labels app=checkout, tier=api',
        'apps.yaml:15 Deployment "search" has the pod labels app=search, tier=web',
      ],
    ],
  },
  {
    name: 'the workload scaled to zero, at its replicas',
    code: lines(...deployment('web', 'app: web', undefined, 0), ...service(['  selector: {app: web}'])),
    related: [['6 Deployment "web" runs 0 replicas']],
  },
  {
    name: 'the only workloads are in another namespace of the unit: no longer silent, says where they are',
    code: lines(...service(['  selector: {app: web}'], 'staging').slice(1)),
    files: { 'shop/web.yaml': lines(...deployment('web', 'app: web', 'shop')) },
    findings: [
      'warning 8:3-8:11 Service "web" selects no pods in namespace "staging"; in namespace "shop", Deployment "web" in shop/web.yaml has the pod labels app=web: wrong namespace? A Service selects pods of its own namespace only, so as written it has no endpoints.',
    ],
    related: [['shop/web.yaml:4 Deployment "web" has the pod labels app=web, in namespace "shop"']],
  },
  {
    name: 'the Service leaves its namespace to apply time (kubectl apply -n shop would fit): a hint',
    code: lines(...service(['  selector: {app: web}']).slice(1)),
    files: { 'web.yaml': lines(...deployment('web', 'app: web', 'shop')) },
    findings: [
      'hint 7:3-7:11 Service "web" selects no pods in namespace "default" (none written); in namespace "shop", Deployment "web" in web.yaml has the pod labels app=web: wrong namespace? A Service selects pods of its own namespace only, so as written it has no endpoints.',
    ],
    related: [['web.yaml:4 Deployment "web" has the pod labels app=web, in namespace "shop"']],
  },
  {
    name: 'wrong namespace?, but a custom resource of its own namespace may create the pods: a hint',
    code: lines(
      ...service(['  selector: {app: web}'], 'staging').slice(1),
      '---',
      'apiVersion: databases.spotahome.com/v1',
      'kind: RedisFailover',
      'metadata: {name: cache, namespace: staging}',
    ),
    files: { 'shop/web.yaml': lines(...deployment('web', 'app: web', 'shop')) },
    findings: [
      'hint 8:3-8:11 Service "web" selects no pods in namespace "staging"; in namespace "shop", Deployment "web" in shop/web.yaml has the pod labels app=web: wrong namespace? A Service selects pods of its own namespace only, so as written it has no endpoints.',
    ],
    related: [['shop/web.yaml:4 Deployment "web" has the pod labels app=web, in namespace "shop"']],
  },
  {
    name: 'a custom resource of its own namespace could own exactly these pods: no wrong-namespace guess',
    code: lines(
      ...service(['  selector: {app: web}'], 'staging').slice(1),
      '---',
      'apiVersion: databases.spotahome.com/v1',
      'kind: RedisFailover',
      'metadata: {name: cache, namespace: staging, labels: {app: web}}',
    ),
    files: { 'shop/web.yaml': lines(...deployment('web', 'app: web', 'shop')) },
    findings: [],
    related: [],
  },
  {
    name: 'a custom resource of the namespace may create the pods: what is known, as a hint',
    code: lines(...service(['  selector: {app: redis}']).slice(1)),
    files: {
      'apps.yaml': lines(
        ...deployment('grafana', 'app: grafana'),
        '---',
        'apiVersion: databases.spotahome.com/v1',
        'kind: RedisFailover',
        'metadata: {name: cache}',
        'spec: {redis: {replicas: 3}}',
      ),
    },
    findings: [
      'hint 7:3-7:11 Service "web" selects no pods that these manifests declare: no workload in namespace "default" has the pod labels app=redis. Unless RedisFailover "cache" in apps.yaml creates such pods, it has no endpoints and every connection to it fails.',
    ],
    related: [
      [
        'apps.yaml:4 Deployment "grafana" has the pod labels app=grafana',
        'apps.yaml:14 RedisFailover "cache" is a custom resource: the pods it creates appear in no manifest',
      ],
    ],
  },
  {
    name: 'a component configuration file and an unnamed custom object create no pods: the finding stands',
    code: lines(...service(['  selector: {app: redis}']).slice(1)),
    files: {
      'apps.yaml': lines(
        ...deployment('grafana', 'app: grafana'),
        '---',
        'apiVersion: apiserver.config.k8s.io/v1',
        'kind: AdmissionConfiguration',
        'plugins: [{name: PodSecurity}]',
        '---',
        'apiVersion: databases.spotahome.com/v1',
        'kind: RedisFailover',
        'spec: {redis: {replicas: 3}}',
      ),
    },
    findings: [
      'warning 7:3-7:11 Service "web" selects no pods: no workload in namespace "default" has the pod labels app=redis, so it has no endpoints and every connection to it fails.',
    ],
    related: [['apps.yaml:4 Deployment "grafana" has the pod labels app=grafana']],
  },
  {
    name: 'the workload scaled to zero lives in another file: the message names it',
    code: lines(...service(['  selector: {app: web}']).slice(1)),
    files: { 'deploy/web.yaml': lines(...deployment('web', 'app: web', undefined, 0)) },
    findings: [
      'warning 7:3-7:11 Service "web" selects only the pods of Deployment "web" in deploy/web.yaml, scaled to 0 replicas: it has no endpoints, so every connection to it fails.',
    ],
    related: [['deploy/web.yaml:6 Deployment "web" runs 0 replicas']],
  },
]);
