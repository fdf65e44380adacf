// The rendered objects as `kustomize build` prints them: one document per object, `---` between them, map
// keys sorted and sequences not indented under their key (kustomize serialises through JSON and go-yaml
// v2). go-yaml double-quotes a string that would read as another type (`"false"`, `"1"`, and YAML 1.1's
// `"y"` or `"on"`), single-quotes one that needs quoting for other reasons (`'*'`, `'#fff'`), and folds
// long plain strings at 80 columns; the printer does the same.
import { Document, isScalar, visit } from 'yaml';
import type { RenderedObject } from './model';
import { toValue } from './tree';

/** Strings that YAML 1.1 or 1.2 would read as a boolean, null or number. */
const NOT_A_STRING =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o[0-7]+|[-+]?0b[01_]+|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|)$/;

export function printObjects(objects: readonly RenderedObject[]): string {
  return objects.map((object) => printValue(toValue(object.tree))).join('---\n');
}

function printValue(value: unknown): string {
  const document = new Document(value, { sortMapEntries: true });
  visit(document, {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === 'string' && NOT_A_STRING.test(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return document.toString({
    indentSeq: false,
    lineWidth: 80,
    minContentWidth: 0,
    singleQuote: true,
    blockQuote: 'literal',
  });
}
