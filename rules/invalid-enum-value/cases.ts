import { lines, type RuleCases } from '../../test/rule-cases';
import { deployment } from '../unknown-field/cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'allowed values, and the empty string that means the default',
      code: deployment(
        ['        imagePullPolicy: IfNotPresent', '        ports: [{containerPort: 53, protocol: UDP}]'],
        ['      restartPolicy: Always', '      dnsPolicy: ""'],
      ),
    },
  ],
  invalid: [
    {
      name: '`imagePullPolicy: always`, fixed to Always',
      code: deployment(['        imagePullPolicy: always']),
      errors: [
        {
          message:
            '`spec.template.spec.containers[0].imagePullPolicy: always` is not allowed: values are case-sensitive; did you mean `Always`? The API server rejects the object.',
          line: 15,
          column: 26,
          endLine: 15,
          endColumn: 32,
        },
      ],
      output: deployment(['        imagePullPolicy: Always']),
      fixTitle: 'Change `always` to `Always`',
    },
    {
      name: 'a quoted `protocol: "tcp"` keeps its quotes',
      code: deployment(['        ports: [{containerPort: 80, protocol: "tcp"}]']),
      errors: [
        {
          message:
            '`spec.template.spec.containers[0].ports[0].protocol: tcp` is not allowed: values are case-sensitive; did you mean `TCP`? The API server rejects the object.',
          line: 15,
          column: 47,
          endLine: 15,
          endColumn: 52,
        },
      ],
      output: deployment(['        ports: [{containerPort: 80, protocol: "TCP"}]']),
    },
    {
      name: 'a `restartPolicy` that is no value at all',
      code: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  restartPolicy: Sometimes',
        '  containers: [{name: web, image: "web:1"}]',
      ),
      errors: [
        {
          message:
            '`spec.restartPolicy: Sometimes` is not one of the values it allows (Always, Never, OnFailure): the API server rejects the object.',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 27,
        },
      ],
      output: null,
    },
  ],
};

export default cases;
