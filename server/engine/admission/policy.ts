// A ValidatingAdmissionPolicy read once: its expressions compiled in the admission environment, and the
// expressions that cannot be evaluated offline (an unsupported function, `authorizer`, a syntax error),
// each at its key in the policy. A policy with any such expression is not evaluated against objects: a
// partial evaluation could pass an object the API server refuses, so the notice on the policy says why.
import { bodyOf } from '../bodies';
import type { PathSegment } from '../nodes';
import type { K8sObject } from '../types';
import { isPlainObject } from '../values';
import { compileAdmissionExpression } from './environment';
import type { Evaluate } from '../cel/metered';

export interface PolicyExpression {
  name: string;
  source: string;
  /** Where the expression is in the policy, from the object's root. */
  path: PathSegment[];
  evaluate: Evaluate;
}

export interface PolicyValidation extends PolicyExpression {
  message: string | undefined;
  messageExpression: PolicyExpression | undefined;
  reason: string | undefined;
}

export interface PolicyProblem {
  path: PathSegment[];
  problem: string;
  /** The function (or `authorizer`) the expression uses that we do not support. */
  unsupported: string | undefined;
}

export interface CompiledPolicy {
  object: K8sObject;
  name: string;
  spec: Record<string, unknown>;
  paramKind: { apiVersion: string; kind: string } | undefined;
  matchConditions: PolicyExpression[];
  variables: PolicyExpression[];
  validations: PolicyValidation[];
  problems: PolicyProblem[];
  /**
   * Whether every expression reads `object` only through its metadata: then the object's header (apiVersion,
   * kind, metadata) is all an evaluation needs, and a large document read header-only is not parsed for it.
   */
  readsOnlyMetadata: boolean;
  /** Whether an expression reads `oldObject`, the object an UPDATE replaces (null on a CREATE). */
  readsOldObject: boolean;
}

/** An expression without the contents of its string literals, which may mention anything and are not reads. */
function stripStrings(source: string): string {
  return source.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
}

/** Whether each mention of `object` in the expressions goes on to `.metadata` (or `.?metadata`). */
function onlyMetadata(sources: readonly string[]): boolean {
  return sources.every((source) => {
    const code = stripStrings(source);
    for (const match of code.matchAll(/(?<![.\w])object\b(\s*\.\s*\??\s*(\w+))?/g)) {
      if (match[2] !== 'metadata') return false;
    }
    return true;
  });
}

const compiled = new WeakMap<Record<string, unknown>, CompiledPolicy>();

/** The policy's compiled form, read once per value of the object (undefined without a readable body). */
export function compilePolicy(policy: K8sObject): CompiledPolicy | undefined {
  const body = bodyOf(policy);
  if (!body) return undefined;
  const known = compiled.get(body);
  if (known) return known;
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const problems: PolicyProblem[] = [];
  const expressions = (
    field: string,
    key = 'expression',
  ): (PolicyExpression & { item: Record<string, unknown> })[] => {
    const list = Array.isArray(spec[field]) ? (spec[field] as unknown[]) : [];
    const out: (PolicyExpression & { item: Record<string, unknown> })[] = [];
    list.forEach((item, index) => {
      if (!isPlainObject(item) || typeof item[key] !== 'string') return;
      const path = ['spec', field, index, key];
      const expression = compileExpression(item[key], path, problems);
      if (expression) out.push({ ...expression, name: typeof item.name === 'string' ? item.name : '', item });
    });
    return out;
  };
  const matchConditions = expressions('matchConditions');
  const variables = expressions('variables');
  const validations = expressions('validations').map(({ item, ...expression }): PolicyValidation => {
    const index = expression.path[2] as number;
    const messageExpression =
      typeof item.messageExpression === 'string'
        ? compileExpression(
            item.messageExpression,
            ['spec', 'validations', index, 'messageExpression'],
            problems,
          )
        : undefined;
    return {
      ...expression,
      message: typeof item.message === 'string' && item.message.trim() ? item.message : undefined,
      messageExpression,
      reason: typeof item.reason === 'string' ? item.reason : undefined,
    };
  });
  const paramKind = isPlainObject(spec.paramKind) ? spec.paramKind : undefined;
  const sources = [
    ...matchConditions,
    ...variables,
    ...validations,
    ...validations.flatMap((v) => (v.messageExpression ? [v.messageExpression] : [])),
  ].map((e) => e.source);
  const result: CompiledPolicy = {
    object: policy,
    name: policy.name ?? '(unnamed)',
    spec,
    paramKind:
      paramKind && typeof paramKind.kind === 'string'
        ? {
            apiVersion: typeof paramKind.apiVersion === 'string' ? paramKind.apiVersion : '',
            kind: paramKind.kind,
          }
        : undefined,
    matchConditions: matchConditions.map(({ item: _item, ...rest }) => rest),
    variables: variables.map(({ item: _item, ...rest }) => rest),
    validations,
    problems,
    readsOnlyMetadata: onlyMetadata(sources),
    readsOldObject: sources.some((source) => /(?<![.\w])oldObject\b/.test(stripStrings(source))),
  };
  compiled.set(body, result);
  return result;
}

function compileExpression(
  source: string,
  path: PathSegment[],
  problems: PolicyProblem[],
): PolicyExpression | undefined {
  const outcome = compileAdmissionExpression(source);
  if ('problem' in outcome) {
    problems.push({ path, problem: outcome.problem, unsupported: outcome.unsupported });
    return undefined;
  }
  return { name: '', source, path, evaluate: outcome.evaluate };
}
