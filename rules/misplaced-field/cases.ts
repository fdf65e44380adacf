import { lines, type RuleCases } from '../../test/rule-cases';
import { deployment } from '../unknown-field/cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'every key at its level',
      code: deployment(['        resources:', '          limits: {memory: 512Mi}']),
    },
    {
      name: 'pod-level resources, a field of the pod spec since after 1.30 (default target 1.36)',
      code: deployment([], ['      resources:', '        limits: {memory: 1Gi}']),
    },
  ],
  invalid: [
    {
      name: '`resources` at the pod-spec level for a 1.30 cluster',
      code: deployment([], ['      resources:', '        limits: {memory: 512Mi}']),
      settings: { kubernetesVersion: '1.30' },
      errors: [
        {
          message:
            '`resources` is not a field of PodSpec at `spec.template.spec`; it belongs one level down, under `containers` (`containers[].resources`). Here the API server drops it, so it never takes effect.',
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 16,
        },
      ],
    },
    {
      name: '`containers` inside an affinity',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  affinity:',
        '    containers:',
        '    - {name: app, image: "app:1"}',
        '  containers:',
        '  - {name: web, image: "web:1"}',
      ),
      errors: [
        {
          message:
            '`containers` is not a field of Affinity at `spec.affinity`; it belongs in PodSpec (`spec.containers`). Here the API server drops it, so it never takes effect.',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 15,
        },
      ],
    },
    {
      name: 'a container’s `image` written in the pod spec',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  image: web:1',
        '  containers:',
        '  - name: web',
        '    image: web:1',
      ),
      errors: [
        {
          message:
            '`image` is not a field of PodSpec at `spec`; it belongs one level down, under `containers` (`containers[].image`). Here the API server drops it, so it never takes effect.',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 8,
        },
      ],
    },
  ],
};

export default cases;
