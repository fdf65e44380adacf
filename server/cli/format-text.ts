// The terminal report: `file:line:col severity rule message`, the other objects involved and the war story
// under each finding, each rule's story once at the end, and a count. Hints (informational advice under the
// default profile) are grouped by rule in a few lines instead, as an editor keeps them out of its Problems
// panel: one line per finding and its story would bury the warnings (68 lines of advice against 14 findings
// on a small real workspace). `--profile strict` makes them information again, listed one by one;
// `--format json` lists everything.
import { ruleHref } from '../engine/explain';
import { EVIDENCE_LABELS } from '../engine/story';
import type { ReportedFinding } from './check';
import { toJsonFinding } from './format-json';

export function formatText(reported: readonly ReportedFinding[], fileCount: number): string {
  const findings = reported.map(toJsonFinding);
  // Every finding carries its rule's metadata, team rules' included.
  const metaOf = (id: string) => reported.find((r) => r.finding.ruleId === id)?.finding.meta;
  const out: string[] = [];
  const hints = findings.filter((f) => f.severity === 'hint');
  for (const f of findings.filter((finding) => finding.severity !== 'hint')) {
    out.push(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`);
    // The other objects involved, where they are: a terminal has no "related information" links.
    for (const r of f.related) out.push(`    related: ${r.file}:${r.line}:${r.column} ${r.message}`);
    if (f.story) {
      const meta = metaOf(f.ruleId);
      const link = f.story.url ?? (meta ? ruleHref(meta) : '');
      const evidence = EVIDENCE_LABELS[f.story.evidence as keyof typeof EVIDENCE_LABELS] ?? f.story.evidence;
      out.push(`    war story: ${f.story.title} (${evidence}) ${link}`.trimEnd());
    }
  }
  const counts = (['error', 'warning', 'info', 'hint'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 || s === 'info' ? '' : 's'}`);
  if (hints.length > 0) {
    if (out.length > 0) out.push('');
    out.push('Hints, by rule (--profile strict lists each one):');
    const byRule = new Map<string, typeof hints>();
    for (const hint of hints) byRule.set(hint.ruleId, [...(byRule.get(hint.ruleId) ?? []), hint]);
    for (const [id, list] of byRule) {
      const first = list[0]!;
      const title = metaOf(id)?.title ?? '';
      const more = list.length > 1 ? ` and ${list.length - 1} more` : '';
      out.push(`  ${id}: ${title}, at ${first.file}:${first.line}:${first.column}${more}`);
    }
  }
  // Each rule's story once, after the findings: the reason to care, told where the findings are read.
  const ruleIds = [...new Set(findings.filter((f) => f.severity !== 'hint').map((f) => f.ruleId))];
  if (ruleIds.length > 0) out.push('', 'The stories behind these findings:');
  for (const id of ruleIds) {
    const story = metaOf(id)?.stories[0];
    if (story) out.push('', `  ${id}: ${story.title}`, ...wrap(story.summary, 96).map((l) => `    ${l}`));
  }
  if (ruleIds.length > 0) out.push('');
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  out.push(findings.length === 0 ? `No findings in ${files}.` : `${counts.join(', ')} in ${files}.`);
  return out.join('\n') + '\n';
}

export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
