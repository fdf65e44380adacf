// `--list-rules` and `--explain`: the catalogue and one rule's document, from the same metadata as the hover
// and the generated docs, so the terminal never disagrees with the editor.
import type { Rule } from '../engine/rule';
import type { RuleSet } from '../engine/rule-set';
import type { RuleMeta } from '../engine/types';
import { ruleDocsUrl, ruleDocument, ruleHref, TEAM_RULES_URL } from '../engine/explain';
import { EVIDENCE_LABELS } from '../engine/story';
import { VERSION } from '../engine/version';
import { wrap } from './format-text';

/** Prose in rule documents is wrapped to this many columns. */
const WIDTH = 100;

/** A team rule has no generated document: its documentation is how team rules work. */
function documentation(meta: RuleMeta): string {
  return meta.id.startsWith('team/') ? TEAM_RULES_URL : ruleDocsUrl(meta);
}

/** The built-in rules (`rules`), then `teamRules` (those of the configuration in use). */
export function listRules(format: 'text' | 'json', rules: RuleSet, teamRules: readonly Rule[] = []): string {
  const all = rules.with(teamRules).rules;
  if (format === 'json') {
    const rules = all.map(({ meta }) => {
      const story = meta.stories[0];
      return {
        id: meta.id,
        title: meta.title,
        defaultSeverity: meta.defaultSeverity,
        category: meta.category,
        fixable: meta.fixable,
        crossObject: meta.cross ?? false,
        story: story ? { title: story.title, url: story.url ?? null, evidence: story.evidence } : null,
        helpUri: ruleHref(meta),
        documentation: documentation(meta),
      };
    });
    return JSON.stringify({ tool: 'kube-hindsight', version: VERSION, rules }, null, 2) + '\n';
  }
  const rows = all.map(({ meta }) => {
    const story = meta.stories[0];
    return [
      meta.id,
      meta.defaultSeverity,
      meta.category,
      meta.fixable ? 'yes' : 'no',
      story ? `${story.title} (${EVIDENCE_LABELS[story.evidence]})` : '',
    ];
  });
  return (
    table([['RULE', 'SEVERITY', 'CATEGORY', 'FIX', 'WAR STORY'], ...rows]) +
    `\n${rules.size} rules${teamRules.length > 0 ? ` and ${teamRules.length} team rules` : ''}. kube-hindsight --explain <rule> tells one in full.\n`
  );
}

/** Aligned columns separated by two spaces; the last column is left ragged. */
function table(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The rule's document (the same text as docs/rules/<id>.md) made readable in a terminal. */
export function explainRule(ruleId: string, rules: RuleSet, teamRules: readonly Rule[] = []): string {
  const rule = rules.with(teamRules).get(ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  // On a Kustomize tree, what the rule reports comes from rendered output; say how such a finding reads.
  const kustomize = rule.meta.input
    ? ''
    : '\nOn a Kustomize tree, this rule checks what `kustomize build` of each entry point (each overlay) ' +
      'produces. A finding is shown in the file that wrote the flagged key (a base, an overlay patch or the ' +
      'kustomization itself), and its message ends with the entry points it holds for, for example ' +
      '"(in kustomize build of overlays/prod)".\n';
  return `${markdownForTerminal(ruleDocument(rule.meta))}${kustomize}\nOnline: ${documentation(rule.meta)}\n`;
}

/**
 * Plain text from the small Markdown subset rule documents use: links become `title (url)`, emphasis and
 * escapes go, tables are aligned, code blocks are indented, and the generator's HTML comment is dropped.
 */
export function markdownForTerminal(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  let inCode = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push(`    ${line}`);
      continue;
    }
    if (/^<!--.*-->$/.test(line.trim())) {
      // Drop the comment and the blank line after it, so the heading is not followed by two blank lines.
      if (lines[i + 1] === '') i++;
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) {
        const cells = splitRow(lines[i]!);
        if (!cells.every((cell) => /^:?-+:?$/.test(cell))) rows.push(cells.map(inline));
      }
      i--;
      out.push(...table(rows).split('\n'));
      continue;
    }
    const text = inline(line);
    // Prose paragraphs are single long lines in Markdown; a terminal would break them mid-word.
    if (text.length > WIDTH && !/^(#|-|\s)/.test(text)) out.push(...wrap(text, WIDTH));
    else out.push(text);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** Table cells, keeping `\|` (an escaped bar inside a cell) as part of the cell. */
function splitRow(row: string): string[] {
  return row
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

function inline(text: string): string {
  return text
    .replace(/\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|[\s(])\*(\S(?:.*?\S)?)\*(?=$|[\s).,;:])/g, '$1$2')
    .replace(/\\([[\]\\*_`|])/g, '$1');
}
