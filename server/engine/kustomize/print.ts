// The rendered objects as `kustomize build` prints them: one document per object, `---` between them, map
// keys sorted (kustomize serialises through JSON), sequences not indented under their key, long strings not
// folded.
import { Document } from 'yaml';
import type { RenderedObject } from './model';
import { toValue } from './tree';

export function printObjects(objects: readonly RenderedObject[]): string {
  return objects
    .map((object) =>
      new Document(toValue(object.tree), { sortMapEntries: true }).toString({
        indentSeq: false,
        lineWidth: 0,
        minContentWidth: 0,
      }),
    )
    .join('---\n');
}
