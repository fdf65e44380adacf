// Runs the rules over a parsed file. Pure: text and settings in, findings out.
import { formatMessage, resolveOptions, type Rule, type RuleContext } from './rule';
import { parseFile, type ParseLimits } from './parse';
import type { Analysis, EngineSettings, Finding, Fix, K8sObject, ParsedFile, RuleFailure } from './types';
import { objectNameSpan } from './report-spans';
import { DEFAULT_SETTINGS } from './settings';
import { ignoreComments, suppressionOf } from './suppression';

export interface AnalyseOptions {
  settings?: EngineSettings;
  limits?: ParseLimits;
  /**
   * Objects from elsewhere (other files, the workspace index) that cross-object rules may relate to. The
   * file's own objects are always added; objects here from the same `uri` are replaced by them.
   */
  related?: readonly K8sObject[];
  /** The file's identifier (URI or path), carried into its objects' `source`. */
  uri?: string;
}

export function analyseText(text: string, rules: readonly Rule[], options: AnalyseOptions = {}): Analysis {
  return analyseFile(parseFile(text, options.limits, options.uri), rules, options);
}

/**
 * Checks every object of the file with every enabled rule that applies to its kind. A rule that throws is
 * recorded as a failure for that document and the other rules carry on: one buggy rule must never hide the
 * others' findings or take the server down.
 */
export function analyseFile(
  file: ParsedFile,
  rules: readonly Rule[],
  options: AnalyseOptions = {},
): Analysis {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  // The file's current objects win over any stale copy of the same file in the index.
  const related = options.related
    ? [...file.objects, ...options.related.filter((o) => o.source.uri !== file.uri || file.uri === '')]
    : file.objects;
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    const configured = settings.rules[rule.meta.id];
    if (configured === 'off') continue;
    const severity = configured ?? rule.meta.defaultSeverity;
    const kinds = new Set(rule.meta.kinds);
    const ruleOptions = resolveOptions(rule.meta, settings.ruleOptions[rule.meta.id]);
    for (const object of file.objects) {
      if (!kinds.has(object.kind)) continue;
      const identity = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.name,
        namespace: object.namespace,
      };
      const context: RuleContext = {
        file,
        options: ruleOptions,
        kubernetesVersion: settings.kubernetesVersion,
        related,
        fixSettings: settings.fix,
        report(report) {
          if (!report.span) return;
          const template = rule.meta.messages[report.messageId];
          if (template === undefined) throw new Error(`unknown messageId "${report.messageId}"`);
          findings.push({
            ruleId: rule.meta.id,
            severity,
            message: formatMessage(template, report.data),
            span: report.span,
            object: identity,
            target: object,
            related: (report.related ?? []).flatMap(({ object: other, message, span }) => {
              const at = span ?? objectNameSpan(other);
              return at ? [{ source: other.source, span: at, message }] : [];
            }),
            getFixes: memoFixes(report.fix, rule.meta.id),
          });
        },
      };
      try {
        rule.check(object, context);
      } catch (error) {
        failures.push({ ruleId: rule.meta.id, documentIndex: object.documentIndex, error: String(error) });
      }
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  const comments = ignoreComments(file);
  const kept: Finding[] = [];
  const suppressed: Analysis['suppressed'] = [];
  for (const finding of findings) {
    const suppression = suppressionOf(file, comments, finding, finding.target);
    if (suppression) suppressed.push({ finding, ...suppression });
    else kept.push(finding);
  }
  return { file, findings: kept, suppressed, failures };
}

function memoFixes(compute: (() => Fix[]) | undefined, _ruleId: string): () => Fix[] {
  let cached: Fix[] | undefined;
  return () => {
    if (cached) return cached;
    try {
      // A fix whose computation fails is simply not offered; the finding itself stands.
      cached = compute ? compute().filter((fix) => fix.edits.length > 0) : [];
    } catch {
      cached = [];
    }
    return cached;
  };
}
