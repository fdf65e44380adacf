import { lines, type RuleCases } from '../../test/rule-cases';

const cases: RuleCases = {
  valid: [
    {
      name: 'explicit log limits',
      code: lines(
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'containerLogMaxSize: 50Mi',
        'containerLogMaxFiles: 3',
      ),
    },
    {
      name: 'near miss: kubelet settings inside a ConfigMap are not a KubeletConfiguration object',
      code: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: kubelet-config}',
        'data:',
        '  kubelet: |',
        '    apiVersion: kubelet.config.k8s.io/v1beta1',
        '    kind: KubeletConfiguration',
      ),
    },
  ],
  invalid: [
    {
      name: 'kubeadm config file: squiggle on the kind, fix adds both settings to the kubelet document only',
      code: lines(
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'kind: ClusterConfiguration',
        'kubernetesVersion: v1.31.0',
        '---',
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'cgroupDriver: systemd',
        'evictionHard:',
        '  nodefs.available: "10%" # keep some room',
        '---',
        'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
        'kind: KubeProxyConfiguration',
        'mode: ipvs',
      ),
      errors: [
        {
          message:
            'KubeletConfiguration does not set containerLogMaxSize: how large each container’s logs may grow on the ' +
            'node is left to the kubelet’s built-in default (10Mi and 5 files in v1beta1), unseen in review. Set it ' +
            'explicitly, sized for the node’s disk.',
          line: 6,
          column: 7,
          endLine: 6,
          endColumn: 27,
        },
      ],
      fixTitle: 'Add containerLogMaxSize: 10Mi and containerLogMaxFiles: 5',
      output: lines(
        'apiVersion: kubeadm.k8s.io/v1beta4',
        'kind: ClusterConfiguration',
        'kubernetesVersion: v1.31.0',
        '---',
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'cgroupDriver: systemd',
        'evictionHard:',
        '  nodefs.available: "10%" # keep some room',
        'containerLogMaxSize: 10Mi',
        'containerLogMaxFiles: 5',
        '---',
        'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
        'kind: KubeProxyConfiguration',
        'mode: ipvs',
      ),
    },
    {
      name: 'only the file count set: the fix adds the size alone',
      code: lines(
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: "KubeletConfiguration"',
        'containerLogMaxFiles: 10',
      ),
      errors: [
        {
          message: /^KubeletConfiguration does not set containerLogMaxSize/,
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 29,
        },
      ],
      fixTitle: 'Add containerLogMaxSize: 10Mi',
      output: lines(
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: "KubeletConfiguration"',
        'containerLogMaxFiles: 10',
        'containerLogMaxSize: 10Mi',
      ),
    },
    {
      name: 'flow style',
      code: lines(
        '{apiVersion: kubelet.config.k8s.io/v1beta1, kind: KubeletConfiguration, cgroupDriver: systemd}',
      ),
      errors: [
        { message: /^KubeletConfiguration does not set/, line: 1, column: 51, endLine: 1, endColumn: 71 },
      ],
      output: lines(
        '{apiVersion: kubelet.config.k8s.io/v1beta1, kind: KubeletConfiguration, cgroupDriver: systemd, containerLogMaxSize: 10Mi, containerLogMaxFiles: 5}',
      ),
    },
    {
      name: 'sizes from the options, CRLF line endings',
      settings: { rules: { 'kubelet-no-log-rotation': { options: { maxSize: '50Mi', maxFiles: 3 } } } },
      code: [
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'maxPods: 110',
        '',
      ].join('\r\n'),
      errors: [
        { message: /^KubeletConfiguration does not set/, line: 2, column: 7, endLine: 2, endColumn: 27 },
      ],
      fixTitle: 'Add containerLogMaxSize: 50Mi and containerLogMaxFiles: 3',
      output: [
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'maxPods: 110',
        'containerLogMaxSize: 50Mi',
        'containerLogMaxFiles: 3',
        '',
      ].join('\r\n'),
    },
  ],
};

export default cases;
