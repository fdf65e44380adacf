// The SARIF log is validated against the official OASIS SARIF 2.1.0 schema (test/fixtures/sarif, with its
// provenance), for the whole real-world corpus in one process and for the cases the corpus lacks:
// suppressions, Helm attribution, UTF-16 columns, errors. Fingerprints must survive unrelated edits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { RULES } from '../../rules';
import { MISINDENTED_CONTAINERS } from '../../rules/invalid-yaml/cases';
import { corpus, corpusMissing, corpusPath } from '../corpus';
import { POD, root, runCli, tempTree, type CliResult } from './cli-run';

const schema = JSON.parse(
  readFileSync(join(root, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'),
) as object;
// The schema declares draft-04, hence ajv-draft-04; ajv-formats checks `uri`, `uri-reference` and `date-time`.
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region };
    /** Absent for findings about the input itself (invalid-yaml, file-skipped, unrendered-template). */
    logicalLocations?: { name: string; fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification?: string; properties?: { via: string } }[];
}

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: { id: string; name: string; helpUri: string; defaultConfiguration: { level: string } }[];
      };
    };
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { message: { text: string } }[];
    }[];
    columnKind: string;
    results: SarifResult[];
  }[];
}

/** Parses and validates a SARIF log, failing with the schema's own words. */
function sarif(result: CliResult): SarifLog {
  const log = JSON.parse(result.stdout) as SarifLog;
  const valid = validateSarif(log);
  assert.ok(valid, JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
  return log;
}

const FINGERPRINT = 'kubeHindsight/v1';

describe('--format sarif', () => {
  it(
    'is valid SARIF 2.1.0 for the whole real-world corpus, in one process, with exact regions',
    { skip: corpusMissing },
    (t) => {
      const started = Date.now();
      const result = runCli(['check', '--format', 'sarif', '--fail-on', 'none', '.'], undefined, corpus);
      const elapsed = Date.now() - started;
      t.diagnostic(`corpus run: ${elapsed} ms`);
      assert.equal(result.code, 0);
      // Helm templates in the corpus draw unrendered-template findings, and a tab in one file an invalid-yaml
      // one; nothing may fail. stderr is not a terminal here, so there is no progress line either.
      assert.equal(result.stderr, '');
      assert.doesNotMatch(result.stderr, /\r/);
      const log = sarif(result);
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const [run] = log.runs;
      const driver = run!.tool.driver;
      assert.equal(driver.name, 'kube-hindsight');
      assert.match(driver.version, /^\d+\.\d+\.\d+/);
      assert.equal(driver.informationUri, 'https://github.com/kube-hindsight/kube-hindsight');
      assert.deepEqual(
        driver.rules.map((r) => r.id),
        RULES.map((r) => r.meta.id),
      );
      assert.equal(run!.columnKind, 'utf16CodeUnits');
      assert.equal(run!.invocations[0]!.executionSuccessful, true);
      const results = run!.results;
      assert.ok(results.length > 300, `${results.length} results`);
      for (const r of results) {
        assert.equal(driver.rules[r.ruleIndex]!.id, r.ruleId);
        assert.ok(['error', 'warning', 'note'].includes(r.level));
        const artifact = r.locations[0]!.physicalLocation.artifactLocation;
        assert.equal(artifact.uriBaseId, '%SRCROOT%');
        assert.doesNotMatch(artifact.uri, /^(\/|\.\.|file:)/);
      }
      const fingerprints = results.map((r) => r.partialFingerprints[FINGERPRINT]);
      assert.equal(new Set(fingerprints).size, results.length, 'fingerprints are unique in the run');

      // examples/web__guestbook__frontend-deployment.yaml, line 20: `        resources:` (the key, columns 9-17).
      const known = results.find(
        (r) =>
          r.ruleId === 'missing-memory-limit' &&
          r.locations[0]!.physicalLocation.artifactLocation.uri ===
            'examples/web__guestbook__frontend-deployment.yaml',
      );
      assert.ok(known);
      assert.deepEqual(known.locations[0]!.physicalLocation.region, {
        startLine: 20,
        startColumn: 9,
        endLine: 20,
        endColumn: 18,
      });
      assert.equal(known.level, 'warning');
      assert.deepEqual(known.locations[0]!.logicalLocations?.[0], {
        name: 'frontend',
        fullyQualifiedName: 'Deployment/frontend',
        kind: 'resource',
      });
      const line = readFileSync(
        corpusPath('examples/web__guestbook__frontend-deployment.yaml'),
        'utf8',
      ).split('\n')[19]!;
      assert.equal(line.slice(8, 17), 'resources');
    },
  );

  it('describes every rule: name, descriptions, help link, level, story, category tags', () => {
    const log = sarif(runCli(['check', '--format', 'sarif', 'examples/hardened.yaml']));
    const rules = log.runs[0]!.tool.driver.rules as unknown as Record<string, unknown>[];
    const memory = rules.find((r) => r.id === 'missing-memory-limit')!;
    assert.equal(memory.name, 'MissingMemoryLimit');
    assert.deepEqual(memory.shortDescription, { text: 'Container without a memory limit' });
    assert.match((memory.fullDescription as { text: string }).text, /limits\.memory/);
    assert.equal(memory.helpUri, 'https://www.bluematador.com/blog/post-mortem-kubernetes-node-oom');
    assert.deepEqual(memory.defaultConfiguration, { level: 'warning' });
    assert.deepEqual(memory.properties, {
      category: 'resources',
      tags: ['kubernetes', 'resources'],
      fixable: true,
      documentation:
        'https://github.com/kube-hindsight/kube-hindsight/blob/main/docs/rules/missing-memory-limit.md',
      story: {
        title: 'Blue Matador: two production nodes ran out of memory',
        evidence: 'postmortem',
        url: 'https://www.bluematador.com/blog/post-mortem-kubernetes-node-oom',
      },
    });
    assert.match((memory.help as { markdown: string }).markdown, /War story/);
    // info and hint rules are notes by default.
    assert.deepEqual(rules.find((r) => r.id === 'cpu-limit-throttling')!.defaultConfiguration, {
      level: 'note',
    });
    assert.deepEqual(log.runs[0]!.results, []);
  });

  it('reports a syntax error and a skipped file as results with their regions, and no object', () => {
    const dir = tempTree({
      '.kube-hindsight.yaml': 'limits:\n  maxFileBytes: 1024\n',
      'k8s/broken.yaml': MISINDENTED_CONTAINERS,
      'k8s/big.yaml': `# generated\n${POD}${'# padding to grow the file past one kilobyte\n'.repeat(30)}`,
    });
    const result = runCli(['check', '--format', 'sarif', 'k8s'], undefined, dir);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 1);
    const log = sarif(result);
    const run = log.runs[0]!;
    // Nothing went wrong in the run itself: what was skipped is a result, not a notification.
    assert.deepEqual(run.invocations[0], { executionSuccessful: true });
    assert.deepEqual(
      run.results.map((r) => [
        r.ruleId,
        run.tool.driver.rules[r.ruleIndex]!.id,
        r.level,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region,
        r.locations[0]!.logicalLocations,
      ]),
      [
        [
          'file-skipped',
          'file-skipped',
          'warning',
          'k8s/big.yaml',
          { startLine: 1, startColumn: 1, endLine: 1, endColumn: 12 },
          undefined,
        ],
        [
          'invalid-yaml',
          'invalid-yaml',
          'error',
          'k8s/broken.yaml',
          { startLine: 21, startColumn: 6, endLine: 21, endColumn: 17 },
          undefined,
        ],
      ],
    );
    assert.match(run.results[0]!.message.text, /above the 1 KiB it analyses.*--max-file-bytes/);
    assert.match(run.results[1]!.message.text, /^YAML syntax error \(BAD_INDENT\): /);
    const fingerprints = run.results.map((r) => r.partialFingerprints[FINGERPRINT]);
    assert.ok(fingerprints.every((f) => /^[0-9a-f]{32}$/.test(f ?? '')));
  });

  it('reports suppressed findings with an in-source suppression and its reason', () => {
    const pod = POD.replace(
      '  - name: shell',
      '  # kube-hindsight-ignore missing-memory-limit -- sized by the VPA\n  - name: shell',
    ).replace(
      '  namespace: ops',
      '  namespace: ops\n  annotations:\n    kube-hindsight/ignore: missing-resource-requests',
    );
    const result = runCli(['check', '--format', 'sarif', '--stdin-filename', 'k8s/pod.yaml', '-'], pod);
    // Suppressed findings do not count for the exit code: only info findings are left.
    assert.equal(result.code, 0);
    const results = sarif(result).runs[0]!.results;
    const memory = results.find((r) => r.ruleId === 'missing-memory-limit')!;
    assert.deepEqual(memory.suppressions, [
      { kind: 'inSource', justification: 'sized by the VPA', properties: { via: 'line' } },
    ]);
    assert.deepEqual(results.find((r) => r.ruleId === 'missing-resource-requests')!.suppressions, [
      { kind: 'inSource', properties: { via: 'annotation' } },
    ]);
    assert.equal(results.filter((r) => !r.suppressions).length, 2);
    assert.deepEqual(memory.locations[0]!.physicalLocation.artifactLocation, {
      uri: 'k8s/pod.yaml',
      uriBaseId: '%SRCROOT%',
    });
    // The text and JSON reports leave suppressed findings out.
    assert.doesNotMatch(runCli(['check', '-'], pod).stdout, /missing-memory-limit/);
  });

  it('counts columns in UTF-16 code units', () => {
    const pod = POD.replace(
      '  - name: shell\n    image: busybox:1.36\n',
      '  - {env: [{name: MOOD, value: "\u{1F600}\u{1F600}"}], name: shell, image: busybox:1.36}\n',
    );
    const line = pod.split('\n')[7]!;
    const utf16 = line.indexOf('shell');
    // Two emoji before the name: code points would count two columns fewer.
    assert.equal([...line.slice(0, utf16)].length, utf16 - 2);
    const results = sarif(runCli(['check', '--format', 'sarif', '-'], pod)).runs[0]!.results;
    const region = results.find((r) => r.ruleId === 'missing-memory-limit')!.locations[0]!.physicalLocation
      .region;
    assert.deepEqual(region, { startLine: 8, startColumn: utf16 + 1, endLine: 8, endColumn: utf16 + 6 });
  });

  it('keeps fingerprints across unrelated edits, not across a different object', () => {
    const fingerprints = (text: string): Map<string, { fingerprint: string; line: number }> => {
      const results = sarif(runCli(['check', '--format', 'sarif', '--stdin-filename', 'pod.yaml', '-'], text))
        .runs[0]!.results;
      return new Map(
        results.map((r) => [
          r.ruleId,
          {
            fingerprint: r.partialFingerprints[FINGERPRINT]!,
            line: r.locations[0]!.physicalLocation.region.startLine,
          },
        ]),
      );
    };
    const before = fingerprints(POD);
    assert.equal(before.size, 4);
    // Comments above, another container before this one, a changed image: the same findings, elsewhere.
    const edited = `# Owned by the shop team.\n# Applied by Argo CD.\n${POD.replace(
      '  containers:\n',
      '  containers:\n  - name: sidecar\n    image: envoy:1.30\n    resources:\n      requests: { cpu: 10m, memory: 32Mi, ephemeral-storage: 1Gi }\n      limits: { memory: 32Mi, ephemeral-storage: 1Gi }\n',
    ).replace('busybox:1.36', 'busybox:1.37')}`;
    const after = fingerprints(edited);
    for (const [ruleId, { fingerprint, line }] of before) {
      assert.equal(after.get(ruleId)?.fingerprint, fingerprint, ruleId);
      assert.notEqual(after.get(ruleId)?.line, line, `${ruleId} moved`);
    }
    const renamed = fingerprints(POD.replace('name: lonely', 'name: other'));
    assert.notEqual(
      renamed.get('missing-memory-limit')!.fingerprint,
      before.get('missing-memory-limit')!.fingerprint,
    );
  });

  it('attributes Helm output to the template, and reports errors as notifications', () => {
    const helm = `---\n# Source: shop/templates/pod.yaml\n${POD}`;
    // The template exists where `helm template ./shop` was run; otherwise the finding would stay in <stdin>.
    const dir = tempTree({ 'shop/templates/pod.yaml': '# the template\n' });
    const result = runCli(['check', '--format', 'sarif', '-', 'missing.yaml'], helm, dir);
    assert.equal(result.code, 2);
    const log = sarif(result);
    const memory = log.runs[0]!.results.find((r) => r.ruleId === 'missing-memory-limit')!;
    assert.deepEqual(memory.locations[0]!.physicalLocation, {
      artifactLocation: { uri: 'shop/templates/pod.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 11, endLine: 8, endColumn: 16 },
    });
    assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, false);
    assert.deepEqual(
      log.runs[0]!.invocations[0]!.toolExecutionNotifications!.map((n) => n.message.text),
      ['no such file or directory: missing.yaml'],
    );
  });
});
