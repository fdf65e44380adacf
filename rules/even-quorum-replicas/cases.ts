import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'etcd with three replicas',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: etcd}',
        'spec:',
        '  replicas: 3',
        '  template:',
        '    spec:',
        '      containers: [{name: etcd, image: quay.io/coreos/etcd:v3.5.16}]',
      ),
    },
    {
      name: 'ZooKeeper with the default single replica, and a store scaled to zero',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: zk}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers: [{name: zk, image: zookeeper:3.9.2}]',
        '---',
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: consul-server}',
        'spec:',
        '  replicas: 0',
      ),
    },
    {
      name: 'near misses: Kafka brokers, an etcdctl backup job runner, and a Consul sidecar',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: kafka}',
        'spec:',
        '  replicas: 4',
        '  template:',
        '    spec:',
        '      containers: [{name: kafka, image: bitnami/kafka:3.8.0}]',
        '---',
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: etcdctl-backup}',
        'spec:',
        '  replicas: 2',
        '  template:',
        '    spec:',
        '      containers: [{name: backup, image: example/etcdctl-backup:1.0}]',
        '---',
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: web}',
        'spec:',
        '  replicas: 2',
        '  template:',
        '    spec:',
        '      containers:',
        '      - {name: web, image: nginx:1.27}',
        '      - {name: dataplane, image: hashicorp/consul-dataplane:1.5}',
      ),
    },
    {
      name: 'not a StatefulSet',
      code: lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: etcd-proxy}',
        'spec: {replicas: 2}',
      ),
    },
  ],
  invalid: [
    {
      name: 'etcd named in the StatefulSet with four replicas: squiggle on the replicas key',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: etcd-main',
        'spec:',
        '  replicas: 4 # one per rack',
        '  serviceName: etcd',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: etcd',
        '        image: registry.k8s.io/etcd:3.5.16-0',
      ),
      errors: [
        {
          message:
            'StatefulSet "etcd-main" looks like a quorum store (name "etcd-main") but runs 4 replicas: a majority ' +
            'of 4 is 3, so it survives only 1 failure(s), no more than 3 replicas would, and an even split leaves ' +
            'neither side a majority. Use an odd count.',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 11,
        },
      ],
      output: null,
    },
    {
      name: 'ZooKeeper recognised by its image, flow-style spec with two replicas',
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: coordination}',
        'spec: {replicas: 2, serviceName: coordination, template: {spec: {containers: [{name: zk, image: "bitnami/zookeeper:3.9.2"}]}}}',
      ),
      errors: [
        {
          message:
            /^StatefulSet "coordination" looks like a quorum store \(image "bitnami\/zookeeper:3\.9\.2"\) but runs 2 replicas: a majority of 2 is 2, so it survives only 0 failure\(s\)/,
          line: 4,
          column: 8,
          endLine: 4,
          endColumn: 16,
        },
      ],
    },
    {
      name: 'KRaft controllers in the second document, six replicas',
      code: lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: kafka-controller-headless}',
        '---',
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: kafka-controller}',
        'spec:',
        '  replicas: 6',
        '  template:',
        '    spec:',
        '      containers: [{name: kafka, image: bitnami/kafka:3.8.0}]',
      ),
      errors: [
        {
          message:
            /\(name "kafka-controller"\) but runs 6 replicas: a majority of 6 is 4, so it survives only 2 failure/,
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'a store added through the option',
      settings: { rules: { 'even-quorum-replicas': { options: { quorumStores: ['rabbitmq'] } } } },
      code: lines(
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata: {name: rabbitmq}',
        'spec:',
        '  replicas: 2',
        '  template:',
        '    spec:',
        '      containers: [{name: rabbitmq, image: rabbitmq:4.0-management}]',
      ),
      errors: [
        {
          message: /^StatefulSet "rabbitmq" looks like a quorum store \(name "rabbitmq"\)/,
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 11,
        },
      ],
    },
  ],
};

export default cases;
