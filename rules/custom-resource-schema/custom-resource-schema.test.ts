import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lines } from '../../test/rule-cases';
import { analyseFile } from '../../server/engine/engine';
import { RuleSet } from '../../server/engine/rule-set';
import { BUILT_IN_RULES } from '../../test/built-in-rules';
import { parseFile } from '../../server/engine/parse';
import rule from '.';
import { widget, widgetCrd } from './cases';

describe('custom-resource-schema: the CRD in another file of the folder', () => {
  // As the CLI does: every file parsed as it is checked (the CRD header-only), all objects related.
  const analyse = (files: Record<string, string>, uri: string): string[] => {
    const parsed = Object.entries(files).map(([name, text]) =>
      parseFile(text, {}, name, { bodyKinds: BUILT_IN_RULES.bodyKinds() }),
    );
    const related = parsed.flatMap((file) => file.objects);
    const file = parsed.find((p) => p.uri === uri)!;
    const analysis = analyseFile(file, new RuleSet([rule]), { related });
    assert.deepEqual(analysis.failures, []);
    return analysis.findings.map((f) => f.message);
  };

  it('reads the CRD’s body from its text only when a custom resource needs it', () => {
    const files = {
      'crd.yaml': lines(...widgetCrd()),
      'widget.yaml': lines(...widget(['  size: 3', '  colour: Red'])),
    };
    const crd = parseFile(files['crd.yaml'], {}, 'crd.yaml', { bodyKinds: BUILT_IN_RULES.bodyKinds() });
    assert.equal(crd.objects[0]!.headerOnly, true, 'the CRD is read header-only');
    assert.deepEqual(analyse(files, 'widget.yaml'), [
      '`colour` is not a field of Widget.spec at `spec` in the CRD "widgets.example.com" in crd.yaml: did you mean `color`? The API server prunes unknown fields, so this setting never takes effect.',
    ]);
  });

  it('says nothing when the folder has no CRD for the kind', () => {
    assert.deepEqual(analyse({ 'widget.yaml': lines(...widget(['  colour: Red'])) }, 'widget.yaml'), []);
  });
});
