// Which API versions belong to Kubernetes itself. Anything else is a custom resource, whose shape no rule
// can know in advance (an Argo Rollout embeds a pod template; an operator's resource may own pods).

/** Kinds from the core API groups: anything else is a custom resource, possibly an operator's pod owner. */
const BUILT_IN_GROUP =
  /^(v1|(apps|batch|policy|autoscaling|extensions|networking\.k8s\.io|rbac\.authorization\.k8s\.io|storage\.k8s\.io|scheduling\.k8s\.io|admissionregistration\.k8s\.io|apiextensions\.k8s\.io|apiregistration\.k8s\.io|certificates\.k8s\.io|coordination\.k8s\.io|discovery\.k8s\.io|node\.k8s\.io|resource\.k8s\.io|flowcontrol\.apiserver\.k8s\.io|events\.k8s\.io)\/[\w]+)$/;

/** Whether an `apiVersion` names a group of Kubernetes itself (not one a CustomResourceDefinition adds). */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  return BUILT_IN_GROUP.test(apiVersion);
}

/**
 * In a rule's `relatedKinds`: every custom resource (any kind of an API group outside Kubernetes itself).
 * Rules that look for pod owners read them, since an operator's resource may embed a pod template. In a
 * rule's `kinds`, the engine runs the rule on every custom resource (custom-resource-schema).
 */
export const CUSTOM_RESOURCES = '<custom resources>';
