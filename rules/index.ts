// The rule registry: every rule the engine runs, in the order the README's table lists them.
import type { Rule } from '../server/engine/rule';
import defaultDenyBlocksDns from './default-deny-blocks-dns';
import missingAntiAffinity from './missing-anti-affinity';
import missingMemoryLimit from './missing-memory-limit';
import missingPdb from './missing-pdb';
import missingResourceRequests from './missing-resource-requests';
import requiredAntiAffinity from './required-anti-affinity';

export const RULES: readonly Rule[] = [
  missingMemoryLimit,
  missingResourceRequests,
  missingAntiAffinity,
  requiredAntiAffinity,
  missingPdb,
  defaultDenyBlocksDns,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
