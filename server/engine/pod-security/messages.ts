// The messages both Pod Security rules report with: one per consequence (what the namespace's label, or the
// project's default, makes of a violation). `{subject} {detail}` is the violation in the library's words.
const VIOLATION = '{subject} {detail} (check {check}, Pod Security Standards "{level}")';

export const POD_SECURITY_MESSAGES = {
  enforce:
    `${VIOLATION}. Namespace "{namespace}" enforces {enforced} ({label}{where}): the API server will reject ` +
    '{rejected}.',
  warn:
    `${VIOLATION}. Namespace "{namespace}" warns at {enforced} ({label}{where}): kubectl apply prints a ` +
    'warning, and the pods are still admitted.',
  audit:
    `${VIOLATION}. Namespace "{namespace}" audits at {enforced} ({label}{where}): the API server records it ` +
    'in its audit log, and the pods are still admitted.',
  projectDefault:
    `${VIOLATION}. The project setting podSecurity.level says the cluster enforces {enforced} where ` +
    'namespace "{namespace}" sets no enforce label: the API server will reject {rejected}.',
};
