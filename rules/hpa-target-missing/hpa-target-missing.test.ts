// What the table (cases.ts, run by test/unit/rules.test.ts) cannot say: the related locations of the
// findings, messages that name the other file a related object lives in, and severities lowered to a hint.
import { lines } from '../../test/rule-cases';
import { relatedTester } from '../../test/related-tester';
import rule from '.';
import { hpa, workload } from './cases';

relatedTester(rule, [
  {
    name: 'the similarly named objects of that kind, in another file',
    code: lines(...hpa('Deployment', 'chekout').slice(1)),
    files: {
      'apps.yaml': lines(...workload('Deployment', 'checkout'), '---', ...workload('Deployment', 'search')),
    },
    related: [['apps.yaml:4 Deployment "checkout" has a similar name']],
  },
  {
    name: 'the object of that name, for a wrong kind',
    code: lines(...workload('StatefulSet', 'web'), ...hpa('Deployment', 'web')),
    related: [['4 StatefulSet "web" is the object of that name']],
  },
  {
    name: 'the target in another namespace of the unit, in another file: wrong namespace?',
    code: lines(...hpa('Deployment', 'web', 'staging').slice(1)),
    files: { 'shop/web.yaml': lines(...workload('Deployment', 'web', 'shop')) },
    findings: [
      'warning 10:11-10:14 HorizontalPodAutoscaler "web" targets Deployment "web" in namespace "staging", but Deployment "web" in shop/web.yaml is in namespace "shop": wrong namespace? An autoscaler scales only a target in its own namespace, so as written it never scales anything.',
    ],
    related: [['shop/web.yaml:4 Deployment "web" is in namespace "shop"']],
  },
  {
    name: 'the autoscaler leaves its namespace to apply time: a hint',
    code: lines(...hpa('Deployment', 'web').slice(1)),
    files: { 'web.yaml': lines(...workload('Deployment', 'web', 'shop')) },
    findings: [
      'hint 9:11-9:14 HorizontalPodAutoscaler "web" targets Deployment "web" in namespace "default" (none written), but Deployment "web" in web.yaml is in namespace "shop": wrong namespace? An autoscaler scales only a target in its own namespace, so as written it never scales anything.',
    ],
    related: [['web.yaml:4 Deployment "web" is in namespace "shop"']],
  },
  {
    name: 'the wrong kind, in another file: the message names it',
    code: lines(...hpa('Deployment', 'db').slice(1)),
    files: { 'db.yaml': lines(...workload('StatefulSet', 'db')) },
    findings: [
      'warning 8:11-8:21 HorizontalPodAutoscaler "web" targets Deployment "db", but the object of that name in namespace "default" is StatefulSet "db" in db.yaml: the autoscaler cannot read its scale and never scales it.',
    ],
    related: [['db.yaml:4 StatefulSet "db" is the object of that name']],
  },
]);
