import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'expansion allowed',
      code: lines(
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata: {name: fast}',
        'provisioner: ebs.csi.aws.com',
        'allowVolumeExpansion: true',
      ),
    },
    {
      name: 'near miss: local volumes cannot be expanded anyway',
      code: lines(
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata: {name: local-storage}',
        'provisioner: kubernetes.io/no-provisioner',
        'volumeBindingMode: WaitForFirstConsumer',
      ),
    },
    {
      name: 'a claim is not a class',
      code: lines(
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        'metadata: {name: data}',
        'spec: {storageClassName: standard, resources: {requests: {storage: 10Gi}}}',
      ),
    },
  ],
  invalid: [
    {
      name: 'unset: squiggle on the name, fix adds the key',
      code: lines(
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata:',
        '  name: etcd-storage # for the etcd StatefulSet',
        'provisioner: pd.csi.storage.gke.io',
        'parameters:',
        '  type: pd-ssd',
      ),
      errors: [
        {
          message:
            'StorageClass "etcd-storage" does not set allowVolumeExpansion: claims it provisions cannot be enlarged ' +
            'when their volumes fill up.',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 21,
        },
      ],
      fixTitle: 'Add allowVolumeExpansion: true',
      output: lines(
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata:',
        '  name: etcd-storage # for the etcd StatefulSet',
        'provisioner: pd.csi.storage.gke.io',
        'parameters:',
        '  type: pd-ssd',
        'allowVolumeExpansion: true',
      ),
    },
    {
      name: 'explicit false: squiggle on the key, fix flips the value and keeps the comment',
      code: lines(
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata: {name: standard}',
        'provisioner: disk.csi.azure.com',
        'allowVolumeExpansion: false # copied from an old example',
        'reclaimPolicy: Delete',
      ),
      errors: [
        {
          message:
            'StorageClass "standard" sets allowVolumeExpansion: false: claims it provisions cannot be enlarged when ' +
            'their volumes fill up.',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 21,
        },
      ],
      output: lines(
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata: {name: standard}',
        'provisioner: disk.csi.azure.com',
        'allowVolumeExpansion: true # copied from an old example',
        'reclaimPolicy: Delete',
      ),
    },
    {
      name: 'flow style in a multi-document file with CRLF line endings',
      code: [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: storage}',
        '---',
        '{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: gp3}, provisioner: ebs.csi.aws.com}',
        '',
      ].join('\r\n'),
      errors: [
        {
          message: /^StorageClass "gp3" does not set allowVolumeExpansion/,
          line: 5,
          column: 70,
          endLine: 5,
          endColumn: 73,
        },
      ],
      output: [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: storage}',
        '---',
        '{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: gp3}, provisioner: ebs.csi.aws.com, allowVolumeExpansion: true}',
        '',
      ].join('\r\n'),
    },
  ],
};

export default cases;
