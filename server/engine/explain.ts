// Human-facing text about a rule: the hover, the generated rule documents and `--explain` all come from here,
// so the three never disagree.
import { EVIDENCE_LABELS, EVIDENCE_WORDS } from './story';
import type { RuleMeta, Story } from './types';

/** Where a rule's generated document lives in the repository (and so on GitHub, once published). */
export const DOCS_BASE_URL = 'https://github.com/kube-hindsight/kube-hindsight/blob/main/docs/rules/';

export function ruleDocsUrl(meta: RuleMeta): string {
  return `${DOCS_BASE_URL}${meta.id}.md`;
}

/** The link a diagnostic's code points to: the primary story's public write-up, else the rule document. */
export function ruleHref(meta: RuleMeta): string {
  return meta.stories[0]?.url ?? ruleDocsUrl(meta);
}

function storyLink(story: Story): string {
  return story.url ? `[${escapeMarkdown(story.title)}](${story.url})` : escapeMarkdown(story.title);
}

function escapeMarkdown(text: string): string {
  return text.replace(/([[\]\\*_`])/g, '\\$1');
}

/**
 * The hover for a finding: title, why it matters, the story with its evidence, and the remedy. The finding's
 * own message is left out: editors already show the diagnostic's message next to the hover.
 */
export function hoverMarkdown(meta: RuleMeta): string {
  const [story, ...others] = meta.stories;
  const parts: string[] = [`**Kube Hindsight: ${escapeMarkdown(meta.title)}** \`${meta.id}\``];
  parts.push(`**Why it matters.** ${meta.rationale}`);
  if (story) {
    parts.push(
      `**War story: ${storyLink(story)}**${story.date ? ` (${story.date})` : ''}  \n` +
        `${story.summary}  \n` +
        `*Evidence: ${EVIDENCE_WORDS[story.evidence]}*`,
    );
  }
  if (others.length > 0) {
    parts.push(
      '**Also:** ' + others.map((s) => `${storyLink(s)} (${EVIDENCE_LABELS[s.evidence]})`).join(' · '),
    );
  }
  parts.push(`**Fix.** ${meta.remediation}`);
  return parts.join('\n\n');
}

/** The full rule document (docs/rules/<id>.md and `kube-hindsight explain`). */
export function ruleDocument(meta: RuleMeta): string {
  const out: string[] = [
    `# ${meta.id}: ${meta.title}`,
    '',
    '<!-- Generated from the rule metadata and story.md by scripts/generate.ts; do not edit. -->',
    '',
    `| category | default severity | quick fix |`,
    `|---|---|---|`,
    `| ${meta.category} | ${meta.defaultSeverity} | ${meta.fixable ? 'yes' : 'no'} |`,
    '',
    `**What it flags.** ${meta.description}`,
    '',
    `**Why it matters.** ${meta.rationale}`,
    '',
    `**What to do.** ${meta.remediation}`,
    '',
    '## War stories',
    '',
  ];
  for (const story of meta.stories) {
    out.push(`### ${storyLink(story)}${story.date ? ` (${story.date})` : ''}`, '');
    out.push(`*${EVIDENCE_WORDS[story.evidence]}*`, '', story.summary, '');
  }
  out.push(
    '## Configuration',
    '',
    `Change the severity or turn the rule off with the \`kubeHindsight.rules\` setting:`,
    '',
    '```json',
    `"kubeHindsight.rules": { "${meta.id}": "off" }`,
    '```',
    '',
  );
  return out.join('\n');
}
