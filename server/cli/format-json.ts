// The JSON contract: `{"tool","version","findings":[…]}`, plus `"errors":[…]` when the run had problems that
// make it incomplete (exit code 2). Scripts depend on its shape, so fields are only ever added with care; Helm
// attribution, for one, changes what `file` names and adds no field.
import type { Severity } from '../engine/types';
import { VERSION } from '../engine/version';
import type { ReportedFinding } from './check';

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the working folder when inside it; the template path for `helm template` output. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * The Kubernetes object the finding is about; null for findings about the input itself (`invalid-yaml`,
   * `file-skipped`, `unrendered-template`), which concern text no object was read from.
   */
  object: { apiVersion: string; kind: string; name: string | null; namespace: string | null } | null;
  story: { title: string; url: string | null; evidence: string } | null;
  /**
   * The other objects the finding involves (the autoscaler that scales it, the budget in another namespace),
   * each where it is written: paths as `file` gives them, and only places in the run's inputs.
   */
  related: JsonLocation[];
  /**
   * Only on a finding of Kustomize's rendered output: the entry points (folders) whose `kustomize build` has
   * it, and whether every entry point that includes the file does.
   */
  kustomize?: { entryPoints: string[]; everywhere: boolean };
}

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export function toJsonFinding({ finding, location, related }: ReportedFinding): JsonFinding {
  const story = finding.meta.stories[0];
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: location.file,
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
    object: finding.object
      ? {
          apiVersion: finding.object.apiVersion,
          kind: finding.object.kind,
          name: finding.object.name ?? null,
          namespace: finding.object.namespace ?? null,
        }
      : null,
    story: story ? { title: story.title, url: story.url ?? null, evidence: story.evidence } : null,
    related: related.map(({ file, line, column, endLine, endColumn, message }) => ({
      file,
      line,
      column,
      endLine,
      endColumn,
      message,
    })),
    ...(finding.rendered
      ? {
          kustomize: {
            entryPoints: [...finding.rendered.entryPoints],
            everywhere: finding.rendered.everywhere,
          },
        }
      : {}),
  };
}

export function formatJson(findings: readonly ReportedFinding[], errors: readonly string[] = []): string {
  return [...jsonPieces(findings, errors)].join('');
}

/**
 * The JSON report a finding at a time, exactly as `JSON.stringify(report, null, 2)` writes it: a run over a
 * large repository writes it as it goes instead of holding one string (and one encoding of it) of tens of
 * megabytes. JSON strings hold no raw line break, so indenting a finding's lines is indenting its text.
 *
 * `errors` are the run's problems (an unreadable input, a rule that failed, a bad configuration), the lines
 * stderr shows: a script that reads only stdout must still see that the report is incomplete, so they are
 * written as `"errors"` after the findings whenever there is one.
 */
export function* jsonPieces(
  findings: readonly ReportedFinding[],
  errors: readonly string[] = [],
): Generator<string> {
  yield `{\n  "tool": "kube-hindsight",\n  "version": ${JSON.stringify(VERSION)},\n  "findings": `;
  const tail =
    errors.length > 0
      ? `,\n  "errors": ${JSON.stringify(errors, null, 2).replace(/\n/g, '\n  ')}\n}\n`
      : '\n}\n';
  if (findings.length === 0) {
    yield `[]${tail}`;
    return;
  }
  let separator = '[';
  for (const finding of findings) {
    const text = JSON.stringify(toJsonFinding(finding), null, 2).replace(/\n/g, '\n    ');
    yield `${separator}\n    ${text}`;
    separator = ',';
  }
  yield `\n  ]${tail}`;
}
