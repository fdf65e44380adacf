// Human-facing text about a rule: the hover, the generated rule documents and `--explain` all come from here,
// so the three never disagree.
import { DEFAULT_PROFILE, PROFILES, profileSeverity } from './profiles';
import { EVIDENCE_LABELS, EVIDENCE_WORDS } from './story';
import type { Finding, RuleMeta, Story } from './types';
import { WORKLOADS } from './workloads';

/** Kind names an operator's workload shares with a kind of Kubernetes itself that is no workload. */
const SHARED_KIND_NAMES = new Set(['Service']);

/**
 * A kind as the rule documents name it: an operator's kind with its API group, so that a rule checking the
 * Knative `Service` among pod templates does not read as checking the core `Service`. A rule that lists
 * `Service` without any workload kind means the core one.
 */
function kindLabel(kind: string, kinds: readonly string[]): string {
  const operator = WORKLOADS.find((w) => w.kind === kind && !w.builtIn);
  if (!operator) return kind;
  const podSpecRule = kinds.some((k) => WORKLOADS.some((w) => w.kind === k && w.builtIn));
  return SHARED_KIND_NAMES.has(kind) && !podSpecRule ? kind : `${kind} (${operator.groups[0]})`;
}

/** Where a rule's generated document lives in the repository (and so on GitHub, once published). */
export const DOCS_BASE_URL = 'https://github.com/kube-hindsight/kube-hindsight/blob/main/docs/rules/';

export const TEAM_RULES_URL =
  'https://github.com/kube-hindsight/kube-hindsight#turn-your-postmortems-into-hints';

export function ruleDocsUrl(meta: RuleMeta): string {
  return `${DOCS_BASE_URL}${meta.id}.md`;
}

/** The link a diagnostic's code points to: the primary story's public write-up, else the rule document. */
export function ruleHref(meta: RuleMeta): string {
  // A team rule has no generated document; the README says how team rules work.
  const fallback = meta.id.startsWith('team/') ? TEAM_RULES_URL : ruleDocsUrl(meta);
  return meta.stories[0]?.url ?? fallback;
}

function storyLink(story: Story): string {
  return story.url ? `[${escapeMarkdown(story.title)}](${story.url})` : escapeMarkdown(story.title);
}

function escapeMarkdown(text: string): string {
  return text.replace(/([[\]\\*_`])/g, '\\$1');
}

/**
 * The hover for a finding: title, what to do, the evidence level, then why it matters and the story. What
 * to do and how sure we are come first because an editor may clip a hover after a few lines (VS Code does
 * when it opens the hover above the line), and those are what a reader needs before deciding to read on.
 * The finding's own message is left out: editors already show the diagnostic's message next to the hover.
 */
export function hoverMarkdown(meta: RuleMeta, rendered?: Finding['rendered']): string {
  const [story, ...others] = meta.stories;
  const parts: string[] = [`**Kube Hindsight: ${escapeMarkdown(meta.title)}** \`${meta.id}\``];
  if (rendered) parts.push(renderedNote(rendered));
  parts.push(`**Fix.** ${meta.remediation}`);
  if (story) parts.push(`*Evidence: ${EVIDENCE_WORDS[story.evidence]}*`);
  parts.push(`**Why it matters.** ${meta.rationale}`);
  if (story) {
    parts.push(
      `**War story: ${storyLink(story)}**${story.date ? ` (${story.date})` : ''}  \n` + story.summary,
    );
  }
  if (others.length > 0) {
    parts.push(
      '**Also:** ' + others.map((s) => `${storyLink(s)} (${EVIDENCE_LABELS[s.evidence]})`).join(' · '),
    );
  }
  return parts.join('\n\n');
}

export interface RuleExample {
  before: string;
  /** The settings the example needs, in words (`with kubernetesVersion: "1.24" in .kube-hindsight.yaml`). */
  note?: string;
  after?: string;
  fixTitle?: string;
}

function fenced(text: string): string[] {
  return ['```yaml', text.replace(/\n$/, ''), '```'];
}

/** Where the rule stands in each profile, e.g. "Profiles: recommended (hint), strict (info), …". */
/**
 * What a finding of Kustomize's rendered output is, for its hover: the output it was found in, and whether a
 * fix here suits every overlay that includes the file.
 */
export function renderedNote(rendered: NonNullable<Finding['rendered']>): string {
  const outputs = rendered.entryPoints.map((name) => `\`kustomize build ${name}\``).join(', ');
  return rendered.everywhere
    ? `**Kustomize.** Found in the output of ${outputs}, from what this file writes; every output that ` +
        'includes this file has it here, so a fix here cures them all.'
    : `**Kustomize.** Found in the output of ${outputs} only: other outputs that include this file do not ` +
        'have it (an overlay sets what is missing), so cure it in the overlay rather than here.';
}

export function profilesLine(meta: RuleMeta): string {
  const entries = PROFILES.map((p) => `\`${p.name}\` ${profileSeverity(meta, [p.name])}`);
  return `**Profiles.** ${entries.join(' · ')} (\`${DEFAULT_PROFILE}\` is the default).`;
}

/** The full rule document (docs/rules/<id>.md and `kube-hindsight explain`). */
export function ruleDocument(meta: RuleMeta, example?: RuleExample): string {
  const out: string[] = [
    `# ${meta.id}: ${meta.title}`,
    '',
    '<!-- Generated from the rule metadata, story.md and cases.ts by scripts/generate.ts; do not edit. -->',
    '',
    `| category | default severity | quick fix | needs other objects |`,
    `|---|---|---|---|`,
    `| ${meta.category} | ${meta.defaultSeverity} | ${meta.fixable ? 'yes' : 'no'} | ${meta.cross ? 'yes' : 'no'} |`,
    '',
    profilesLine(meta),
    '',
    `**What it flags.** ${meta.description}`,
    '',
    `**Why it matters.** ${meta.rationale}`,
    '',
    `**What to do.** ${meta.remediation}`,
    '',
    meta.input
      ? 'Applies to: the YAML text itself, every file and document the engine reads, whatever its kind.'
      : `Applies to: ${meta.kinds.map((kind) => kindLabel(kind, meta.kinds)).join(', ')}.`,
    '',
    '## War stories',
    '',
  ];
  for (const story of meta.stories) {
    out.push(`### ${storyLink(story)}${story.date ? ` (${story.date})` : ''}`, '');
    out.push(`*${EVIDENCE_WORDS[story.evidence]}*`, '', story.summary, '');
  }
  if (example) {
    out.push('## Example', '', example.note ? `Flagged, ${example.note}:` : 'Flagged:', '');
    out.push(...fenced(example.before), '');
    if (example.after !== undefined) {
      out.push(`After the quick fix “${example.fixTitle ?? 'fix'}”:`, '', ...fenced(example.after), '');
    }
  }
  const options = Object.entries(meta.options ?? {});
  if (options.length > 0) {
    out.push('## Options', '', '| option | type | default | meaning |', '|---|---|---|---|');
    for (const [name, spec] of options) {
      out.push(
        `| \`${name}\` | ${spec.enum ? spec.enum.join(' \\| ') : spec.type} | \`${JSON.stringify(spec.default)}\` | ${spec.description} |`,
      );
    }
    out.push('');
  }
  const optionExample = options[0]
    ? `\n    options:\n      ${options[0][0]}: ${JSON.stringify(options[0][1].default)}`
    : '';
  out.push(
    '## Configuration',
    '',
    'In `.kube-hindsight.yaml` (shared by the editor and the CLI):',
    '',
    '```yaml',
    'rules:',
    `  ${meta.id}:`,
    `    severity: ${meta.defaultSeverity === 'warning' ? 'error' : 'warning'}${optionExample}`,
    '```',
    '',
    `In VS Code settings: \`"kubeHindsight.rules": { "${meta.id}": "off" }\`.`,
    '',
    '## Ignoring it',
    '',
    '- One place: a comment on the line before the flagged line,',
    `  \`# kube-hindsight-ignore ${meta.id} -- the reason\`.`,
    `- A whole YAML document: \`# kube-hindsight-ignore-file ${meta.id}\` anywhere in it.`,
    ...(meta.input
      ? [
          '',
          // Input rules report text that no object was read from, so there is no annotation to hold.
          'Its findings are about the text, not an object, so the `kube-hindsight/ignore` annotation does not',
          'apply; a file skipped for its size is not read for comments either, so only the configuration',
          'turns those off. The editor offers the first as a quick fix on every finding.',
          '',
        ]
      : [
          `- One object, in generated manifests that lose comments: the annotation`,
          `  \`kube-hindsight/ignore: "${meta.id}"\`.`,
          '',
          'The editor offers the first and the last as quick fixes on every finding.',
          '',
        ]),
  );
  return out.join('\n');
}
