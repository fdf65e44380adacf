// SARIF 2.1.0 for code scanning (GitHub's upload-sarif, Azure DevOps, IDE viewers): one run, the whole rule
// catalogue as the driver's rules, and every finding as a result, including the ones an ignore comment
// silenced, which carry an in-source suppression so that a dismissed alert stays dismissed.
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hoverMarkdown, ruleDocsUrl, ruleHref } from '../engine/explain';
import type { RuleSet } from '../engine/rule-set';
import { EVIDENCE_LABELS } from '../engine/story';
import type { RuleMeta, Severity } from '../engine/types';
import { VERSION } from '../engine/version';
import type { CheckReport, Location, ReportedFinding } from './check';
import { keyPath } from './key-path';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/kube-hindsight/kube-hindsight';
/** Paths in results are relative to this base, which stands for the folder the CLI ran in. */
const SRCROOT = '%SRCROOT%';
/** The name of our partial fingerprint; the version changes if its recipe ever does. */
export const FINGERPRINT = 'kubeHindsight/v1';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** The log of a run with `rules` (the built-in ones): the driver lists them all, then the team rules that reported. */
export function formatSarif(report: CheckReport, cwd: string, rules: RuleSet): string {
  const metas = rules.rules.map((rule) => rule.meta);
  const index = new Map(metas.map((meta, position) => [meta.id, position]));
  for (const { finding } of report.results) {
    if (!index.has(finding.ruleId)) {
      index.set(finding.ruleId, metas.length);
      metas.push(finding.meta);
    }
  }
  const occurrences = new Map<string, number>();
  const results = report.results.map((reported) => {
    const uri = artifactLocation(reported.location, cwd);
    const identity = fingerprintInput(reported, uri.uri);
    const occurrence = (occurrences.get(identity) ?? 0) + 1;
    occurrences.set(identity, occurrence);
    return result(reported, uri, `${identity}\0${occurrence}`, cwd, index.get(reported.finding.ruleId) ?? -1);
  });
  const baseUri = pathToFileURL(cwd).href;
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-hindsight',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: INFORMATION_URI,
            rules: metas.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            // What the engine skipped or could not parse is a result (file-skipped, invalid-yaml), located.
            ...(report.errors.length > 0
              ? {
                  toolExecutionNotifications: report.errors.map((text) => ({
                    level: 'error',
                    message: { text },
                  })),
                }
              : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: baseUri.endsWith('/') ? baseUri : `${baseUri}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function ruleDescriptor(meta: RuleMeta): Record<string, unknown> {
  const story = meta.stories[0];
  const storyLine = story
    ? `\n\nWar story: ${story.title} (${EVIDENCE_LABELS[story.evidence]})${story.url ? ` ${story.url}` : ''}`
    : '';
  return {
    id: meta.id,
    // SARIF wants a readable identifier distinct from the id: missing-pdb → MissingPdb.
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.description}\n\nWhy it matters: ${meta.rationale}\n\nWhat to do: ${meta.remediation}${storyLine}`,
      markdown: hoverMarkdown(meta),
    },
    helpUri: ruleHref(meta),
    defaultConfiguration: { level: LEVELS[meta.defaultSeverity] },
    properties: {
      category: meta.category,
      tags: ['kubernetes', meta.category],
      fixable: meta.fixable,
      documentation: ruleDocsUrl(meta),
      ...(story
        ? {
            story: { title: story.title, evidence: story.evidence, ...(story.url ? { url: story.url } : {}) },
          }
        : {}),
    },
  };
}

function result(
  reported: ReportedFinding,
  artifact: ArtifactLocation,
  identity: string,
  cwd: string,
  ruleIndex: number,
): Record<string, unknown> {
  const { finding, location, suppression } = reported;
  const object = finding.object;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: { artifactLocation: artifact, region: region(location) },
        // Findings about the input itself (a syntax error, a skipped file) have no Kubernetes object.
        ...(object
          ? {
              logicalLocations: [
                {
                  name: object.name ?? object.kind,
                  fullyQualifiedName: [object.namespace, object.kind, object.name].filter(Boolean).join('/'),
                  kind: 'resource',
                },
              ],
            }
          : {}),
      },
    ],
    ...(reported.related.length > 0
      ? {
          relatedLocations: reported.related.map((related, index) => ({
            id: index + 1,
            physicalLocation: { artifactLocation: artifactLocation(related, cwd), region: region(related) },
            message: { text: related.message },
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT]: createHash('sha256').update(identity).digest('hex').slice(0, 32) },
    ...(suppression
      ? {
          suppressions: [
            {
              kind: 'inSource',
              ...(suppression.reason ? { justification: suppression.reason } : {}),
              properties: { via: suppression.kind },
            },
          ],
        }
      : {}),
  };
}

function region(location: Location): Record<string, number> {
  return {
    startLine: location.line,
    startColumn: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
  };
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/** Relative to %SRCROOT% when inside the working folder (as code scanning needs), else an absolute file URI. */
export function artifactLocation(location: Location, cwd: string): ArtifactLocation {
  const encode = (path: string): string => path.split('/').map(encodeURIComponent).join('/');
  if (location.absolute === undefined) return { uri: encode(location.file), uriBaseId: SRCROOT };
  const rel = relative(cwd, location.absolute);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
    return { uri: encode(rel.split(sep).join('/')), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(location.absolute).href };
}

/**
 * What makes a result the same result after unrelated edits: the rule, the file, the object (kind,
 * namespace, name) and the path of the flagged key inside it (`spec.template.spec.containers[app].resources`),
 * never a line number. Where no key holds the span, the flagged line's trimmed text stands in. The caller adds
 * an occurrence counter for the rare rule that reports twice at the same key.
 */
function fingerprintInput(reported: ReportedFinding, uri: string): string {
  const { finding } = reported;
  const path = reported.keyPath ?? (finding.target ? keyPath(finding.target, finding.span.start) : '');
  return [
    finding.ruleId,
    uri,
    finding.object?.kind ?? '',
    finding.object?.namespace ?? '',
    finding.object?.name ?? '',
    path ? `key:${path}` : `line:${reported.lineText}`,
  ].join('\0');
}
