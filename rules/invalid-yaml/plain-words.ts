// The `yaml` library's parse errors, said in plain words. The library names each error with a code and a
// terse message written for parser authors ("Implicit map keys need to be followed by map values"); people
// editing a manifest need to know what is wrong with their line. The code is kept next to the explanation
// (the finding's message shows both), so that the original error can still be looked up.
import type { ErrorCode } from 'yaml';

/** An explanation for messages of one code that match `pattern`; the first match wins. */
interface Explanation {
  pattern?: RegExp;
  text: string;
}

const FLOW = 'a bracketed list or mapping (`[…]` or `{…}`)';

const EXPLANATIONS: Partial<Record<ErrorCode, readonly Explanation[]>> = {
  BAD_INDENT: [
    {
      pattern: /mapping items must start at the same column/,
      text: 'this line is indented differently from the keys before it, so it belongs to no mapping. Keys of one mapping must start in the same column; indent this key like its siblings, or under the key it belongs to.',
    },
    {
      pattern: /sequence items must start at the same column/,
      text: 'this list item is not aligned with the items before it. Every `-` of one list must stand in the same column.',
    },
    {
      pattern: /^Block scalar/,
      text: 'a line of this multi-line string (`|` or `>`) is indented less than the string itself. Indent every line of the string at least as far as its first line.',
    },
    {
      pattern: /^Flow (sequence|map)/,
      text: `${FLOW} is not closed, or continues on a line indented no further than its key. Close it, and indent its continuation lines.`,
    },
    { text: 'the indentation here does not fit the structure of the lines above it.' },
  ],
  TAB_AS_INDENT: [{ text: 'a tab character indents this line; YAML allows only spaces for indentation.' }],
  DUPLICATE_KEY: [
    {
      text: 'this key appears a second time in the same mapping. Keys must be unique: keep one, or move the other to where it belongs.',
    },
  ],
  BLOCK_AS_IMPLICIT_KEY: [
    {
      pattern: /^A block sequence/,
      text: 'a list (`- …`) stands where a key was expected. Check the indentation of the list and of the key above it.',
    },
    {
      text: 'this value is on the same line as its key, and the line after it is indented further, so YAML reads that line as part of this value. Align the next line with this key, or move the value to its own lines.',
    },
  ],
  MULTILINE_IMPLICIT_KEY: [
    {
      text: 'a key runs on over more than one line: usually a `:` is missing after a key (`name web` instead of `name: web`), or the line after it is indented too far.',
    },
  ],
  MISSING_CHAR: [
    {
      pattern: /Implicit map keys need to be followed by map values/,
      text: 'this line has no `:`, but it stands in a mapping, where every line is `key: value`. Add the `:`, or the `-` if it is a list item.',
    },
    {
      pattern: /Missing closing "quote/,
      text: 'a double-quoted string is never closed. Add the closing `"`.',
    },
    {
      pattern: /Missing closing 'quote/,
      text: "a single-quoted string is never closed. Add the closing `'` (a `'` inside it is written `''`).",
    },
    {
      pattern: /Missing , (or : )?between/,
      text: `the items of ${FLOW} need a comma between them.`,
    },
    { pattern: /Missing space after :/, text: `a \`:\` in ${FLOW} needs a space after it.` },
    {
      pattern: /^Flow (sequence|map) must end with/,
      text: `${FLOW} is never closed. Add the closing \`]\` or \`}\`.`,
    },
    {
      pattern: /Sequence item without - indicator/,
      text: 'a list item has no `-` in front of it.',
    },
    {
      pattern: /Comments must be separated/,
      text: 'a `#` comment touches the text before it. Put a space before the `#`, or quote the value if the `#` belongs to it.',
    },
    {
      pattern: /Tags and anchors must be separated/,
      text: 'an anchor (`&name`) or a tag (`!tag`) is not followed by a space.',
    },
    {
      pattern: /directives-end/,
      text: 'a directive line (`%YAML` or `%TAG`) must be followed by a `---` line before the document.',
    },
    { text: 'a character YAML needs here (a `:`, a `-`, a quote or a bracket) is missing.' },
  ],
  UNEXPECTED_TOKEN: [
    {
      pattern: /map-value-ind/,
      text: 'a `:` stands where no key can begin: the line is probably indented less than the mapping it belongs to, or a key before it lacks its value.',
    },
    {
      pattern: /seq-item-ind|block-seq-ind/,
      text: 'a `-` list item stands where no list can begin: check its indentation against the key above it.',
    },
    {
      pattern: /flow-(seq|map)-end|Unexpected [\]}]/,
      text: 'a closing bracket (`]` or `}`) has no opening one before it.',
    },
    {
      pattern: /Unexpected , in/,
      text: `a comma in ${FLOW} has no item before or after it.`,
    },
    {
      pattern: /Block scalar header/,
      text: 'text follows the `|` or `>` that starts a multi-line string; the string itself begins on the next line.',
    },
    {
      pattern: /at node end/,
      text: 'more text follows a complete value on this line. Quote the whole value, or put the rest on its own line.',
    },
    {
      pattern: /doc-end|doc-start/,
      text: 'a `---` or `...` document marker stands where the document is not finished.',
    },
    { text: 'YAML cannot read what stands here in this place.' },
  ],
  BAD_SCALAR_START: [
    {
      text: 'an unquoted value starts with a character YAML reserves (such as `@`, `` ` ``, `%`, `|`, `>` or `*`). Put the value in quotes.',
    },
  ],
  BLOCK_IN_FLOW: [
    {
      text: `indented lines (a block list or mapping) stand inside ${FLOW}; inside brackets, items are written inline and separated by commas.`,
    },
  ],
  BAD_DQ_ESCAPE: [
    {
      text: 'a backslash in a double-quoted string starts an escape YAML does not know. Write `\\\\` for a backslash, or use single quotes.',
    },
  ],
  BAD_ALIAS: [{ text: 'an anchor or alias (`&name`, `*name`) is empty or ends in a `:`.' }],
  ALIAS_PROPS: [{ text: 'an alias (`*name`) carries an anchor or a tag, which YAML does not allow.' }],
  MULTIPLE_ANCHORS: [{ text: 'a value has more than one anchor (`&name`).' }],
  MULTIPLE_TAGS: [{ text: 'a value has more than one tag (`!tag`).' }],
  BAD_PROP_ORDER: [{ text: 'an anchor or tag stands before a `-` or `?` instead of after it.' }],
  TAG_RESOLVE_FAILED: [{ text: 'a value cannot be read as the type its tag (`!!…`) names.' }],
  KEY_OVER_1024_CHARS: [{ text: 'a key is longer than the 1,024 characters YAML allows.' }],
  BAD_DIRECTIVE: [{ text: 'a `%YAML` or `%TAG` directive line is malformed.' }],
};

/**
 * The plain-words explanation of a parse error, a full sentence or two. An error the table does not know
 * is explained by the library's own message, so that nothing is ever reported without its reason.
 */
export function explainYamlError(code: ErrorCode, message: string): string {
  // The library may append the offending source after a colon and a line break; the first line says it.
  const first = message.split('\n')[0]!.trim();
  const found = EXPLANATIONS[code]?.find(({ pattern }) => !pattern || pattern.test(first));
  if (found) return capitalise(found.text);
  return `The parser reports "${first.replace(/\.$/, '')}".`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
