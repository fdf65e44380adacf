import { parse } from 'yaml';
import type { Evidence, Story } from './types';

const EVIDENCE_LEVELS: readonly Evidence[] = ['postmortem', 'public-report', 'retold', 'scenario'];

/** Plain words for each evidence level, shown in hovers, docs and the CLI so nobody mistakes a scenario for fact. */
export const EVIDENCE_WORDS: Record<Evidence, string> = {
  postmortem: 'Postmortem: a public write-up by the team that had the outage.',
  'public-report': 'Public report: a talk, bug report, documentation issue or article about the failure.',
  retold:
    'Retold: a real outage whose Kubernetes details come from a retelling; the Kubernetes angle is illustrative.',
  scenario: 'Scenario: an illustrative composite with no verifiable original.',
};

/** Short labels for the evidence level, for one-line output. */
export const EVIDENCE_LABELS: Record<Evidence, string> = {
  postmortem: 'postmortem',
  'public-report': 'public report',
  retold: 'retold (Kubernetes angle illustrative)',
  scenario: 'illustrative scenario',
};

/**
 * Parses a rule's `story.md`: YAML front matter for the primary story (title, evidence, url, date) and an
 * optional `also` list of further stories, then a Markdown body that is the primary story's summary.
 * Malformed story files throw at load time, which the unit tests catch long before a user could.
 */
export function parseStoryFile(source: string, where: string): Story[] {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${where}: story file must start with YAML front matter between --- lines`);
  const front = parse(match[1] ?? '') as Record<string, unknown>;
  const summary = (match[2] ?? '').trim().replace(/\s*\n\s*/g, ' ');
  const primary = toStory({ ...front, summary }, where);
  const also = Array.isArray(front.also) ? front.also.map((s, i) => toStory(s, `${where} also[${i}]`)) : [];
  return [primary, ...also];
}

function toStory(raw: unknown, where: string): Story {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: a story must be a mapping`);
  const r = raw as Record<string, unknown>;
  const text = (key: string, required: boolean): string | undefined => {
    const v = r[key];
    if (v === undefined || v === null) {
      if (required) throw new Error(`${where}: story needs "${key}"`);
      return undefined;
    }
    return String(v).trim();
  };
  const evidence = text('evidence', true) as Evidence;
  if (!EVIDENCE_LEVELS.includes(evidence)) {
    throw new Error(`${where}: evidence must be one of ${EVIDENCE_LEVELS.join(', ')}, not "${evidence}"`);
  }
  const story: Story = {
    title: text('title', true)!,
    evidence,
    summary: text('summary', true)!.replace(/\s*\n\s*/g, ' '),
  };
  const url = text('url', false);
  if (url) {
    if (!/^https:\/\//.test(url)) throw new Error(`${where}: story url must be https`);
    story.url = url;
  }
  const date = text('date', false);
  if (date) story.date = date;
  return story;
}
