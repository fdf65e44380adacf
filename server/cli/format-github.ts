// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff,
//   ::warning file=k8s/app.yaml,line=12,col=7,endLine=12,endColumn=16,title=rule-id: Rule title::message
// Messages escape `%`, CR and LF; properties also escape `:` and `,`, which would otherwise end them.
import { ruleHref } from '../engine/explain';
import { EVIDENCE_LABELS } from '../engine/story';
import type { ReportedFinding } from './check';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Findings as annotations, then the run's problems (an unreadable input, a rule that failed) as error
 * annotations on the run itself: a workflow's summary must show that the check did not see everything, not
 * only its log.
 */
export function formatGithub(findings: readonly ReportedFinding[], errors: readonly string[] = []): string {
  const problems = errors.map((line) => `::error title=kube-hindsight::${escapeData(line)}\n`).join('');
  return findings
    .map(({ finding, location }) => {
      const command =
        finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'notice';
      const { meta } = finding;
      const properties: [string, string | number][] = [];
      // Unnamed standard input has no file to annotate; the annotation then stands on the run itself.
      if (location.absolute !== undefined) {
        properties.push(
          ['file', location.file.replace(/\\/g, '/')],
          ['line', location.line],
          ['col', location.column],
          ['endLine', location.endLine],
          ['endColumn', location.endColumn],
        );
      }
      properties.push(['title', `${meta.id}: ${meta.title}`]);
      const story = meta.stories[0];
      const message = story
        ? `${finding.message}\nWar story: ${story.title} (${EVIDENCE_LABELS[story.evidence]}) ${story.url ?? ruleHref(meta)}`
        : finding.message;
      const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
      return `::${command} ${props}::${escapeData(message)}\n`;
    })
    .join('')
    .concat(problems);
}
