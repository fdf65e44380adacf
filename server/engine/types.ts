// The engine's vocabulary. Everything here is plain data over character offsets into the file's text:
// no editor types, no line/column pairs (those are computed at the edges: the LSP layer and the CLI).
import type { Document, YAMLMap } from 'yaml';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A Pod Security Standards level; `privileged` checks nothing (Kubernetes' own default). */
export type PodSecurityLevelSetting = 'privileged' | 'baseline' | 'restricted';
export type SeveritySetting = Severity | 'off';

export type Evidence = 'postmortem' | 'public-report' | 'retold' | 'scenario';

export type Category =
  | 'resources'
  | 'availability'
  | 'probes'
  | 'autoscaling'
  | 'network'
  | 'security'
  | 'scheduling'
  | 'control-plane'
  /** The YAML input itself: what could not be parsed or was not analysed (the engine's input rules). */
  | 'input';

/**
 * What a rule guards against, which decides the profiles it belongs to (profiles.ts): `security` (what an
 * attacker could use), `reliability` (what takes a service down or degrades it) or `validity` (whether the
 * manifest is read and accepted as written: syntax, schema, removed APIs; part of every profile).
 */
export type Concern = 'security' | 'reliability' | 'validity';

/** The named sets of rule severities (profiles.ts). */
export type ProfileName = 'recommended' | 'strict' | 'security' | 'reliability';

export interface Story {
  title: string;
  evidence: Evidence;
  /** Two to four sentences in the project's own words. */
  summary: string;
  url?: string;
  date?: string;
}

/**
 * Which documents are parsed in full: those of `kinds`, and every custom resource when `customResources`.
 * Other documents are read header-only (`apiVersion`, `kind`, `metadata`) where a cheap scan allows it.
 */
export interface BodyKinds {
  kinds: ReadonlySet<string>;
  customResources: boolean;
}

/** A half-open span of UTF-16 code units in the file's text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A minimal replacement of one span of the original text. Insertions have start === end. */
export interface TextEdit extends Span {
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** True where applying the fix cannot change the workload's runtime behaviour for the worse. */
  isPreferred?: boolean;
  /**
   * A file to create next to the document instead of editing it (`edits` is then empty): offered only by
   * clients that can create files, ignored by the CLI and the tests that apply `edits`.
   */
  newFile?: { name: string; text: string };
  /**
   * Changes to files other than the document's (`edits` is then empty): a Kustomize overlay's patch and
   * kustomization, for a finding in a base that only some overlays have. Offered only by the editor (a new
   * file needs a client that can create files); `check --fix` and "fix all" apply `edits` alone.
   */
  files?: FileChange[];
}

/**
 * A change a fix makes to another file: edits of `text` (the file's text they were computed on, to place
 * them), or a new file with `create` as its text.
 */
export type FileChange = { path: string; text: string; edits: TextEdit[] } | { path: string; create: string };

export interface RuleMeta {
  /** Kebab-case and stable: setting key, suppression key, doc file name and SARIF rule id. */
  id: string;
  title: string;
  category: Category;
  /** What the rule guards against (profiles.ts). Every built-in rule has one; team rules have none. */
  concern?: Concern;
  defaultSeverity: Severity;
  /** What the rule flags, in one sentence. */
  description: string;
  /** Why the shape hurts, in two or three sentences. */
  rationale: string;
  /** What to do about it. */
  remediation: string;
  /** The incident stories behind the rule, primary first. */
  stories: Story[];
  /** Message templates; `{name}` placeholders are filled from the report's data. */
  messages: Record<string, string>;
  /** Whether the rule offers quick fixes. */
  fixable: boolean;
  /** The object kinds the rule looks at; the engine skips the rule for every other kind. */
  kinds: readonly string[];
  /** True for rules that read other objects than the one they report on (same file now, workspace later). */
  cross?: boolean;
  /**
   * For cross rules: the kinds of other objects the rule reads beyond their `apiVersion`, `kind` and
   * `metadata` (CUSTOM_RESOURCES for every custom resource). Documents of kinds no rule reads in full are
   * parsed header-only (see BodyKinds), so a cross rule that leaves this out has every document parsed in
   * full.
   */
  relatedKinds?: readonly string[];
  /**
   * For cross rules: kinds of other objects whose bodies the rule reads through `bodyOf` (bodies.ts), only
   * for the few objects it needs. The workspace index keeps their bodies; a checked file reads them
   * header-only, and `bodyOf` parses one from its part's text when asked.
   */
  relatedKindsOnDemand?: readonly string[];
  /**
   * A cross rule that reads related objects of every namespace of the unit, not only those of the checked
   * object's namespace: a change anywhere in the unit may change its findings.
   */
  relatesAcrossNamespaces?: boolean;
  /**
   * A cross rule that reads nothing of the containers of related workloads (their images, env, ports,
   * probes, resources): an edit of a workload that changes only its pod templates' containers does not
   * change what the rule reports on other objects, which then keep their findings (chunk-reuse.ts).
   */
  relatedContainersUnread?: boolean;
  /**
   * The kinds among `kinds` whose objects the rule reads beyond their `apiVersion`, `kind` and `metadata`
   * (left out: all of them). Documents of kinds no rule reads in full may be parsed header-only.
   */
  readsBodyOf?: readonly string[];
  /** Thresholds and choices a team may tune, with documented defaults. */
  options?: Record<string, RuleOptionSpec>;
  /**
   * True for the engine's input rules (`invalid-yaml`, `file-skipped`, `unrendered-template`): they check no
   * object (`kinds` is empty) but the input itself, what the parse could not read and what the bounds
   * skipped, through `Rule.checkInput`. Their findings have no object.
   */
  input?: boolean;
}

export type RuleOptionValue = number | string | boolean | string[];

export interface RuleOptionSpec {
  type: 'integer' | 'number' | 'string' | 'boolean' | 'string[]';
  default: RuleOptionValue;
  description: string;
  minimum?: number;
  /** For strings: the allowed values. */
  enum?: readonly string[];
}

/**
 * Where an object's text lives: the file's identifier (a URI in the editor, a path in the CLI) and the part
 * of the file its document was parsed from. Each document is parsed on its own (see split.ts), so the ranges
 * of an object's nodes count from the start of that part: add `offset` for an offset in the file, and read
 * lines from `lineStarts` (relative to the part) plus `line`.
 */
export interface SourceRef {
  uri: string;
  /** Where the part begins in the file. */
  offset: number;
  /** The file's line on which the part begins (parts begin at the start of a line). */
  line: number;
  /** Offsets, relative to `offset`, of the first character of each of the part's lines. */
  lineStarts: readonly number[];
}

/** Another place a finding involves (the PDB that matches nothing, the Service whose selector was checked). */
export interface RelatedLocation {
  source: SourceRef;
  /** Offsets in the file of `source` (not relative to its part). */
  span: Span;
  message: string;
}

/** One Kubernetes object found in a YAML document (a document's root, or an item of a `kind: List`). */
export interface K8sObject {
  /** The file the object was read from. Objects of other files reach rules through `context.related`. */
  source: SourceRef;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  /** The namespace as written; undefined when the manifest leaves it to the apply-time default. */
  namespace: string | undefined;
  /** The object's mapping node in the YAML tree; its ranges count from `source.offset`. */
  node: YAMLMap;
  /** The object's plain JavaScript value (aliases resolved), for reading; never for writing back. */
  value: Record<string, unknown>;
  /** Index of the YAML document in the file. */
  documentIndex: number;
  /**
   * True when only the object's `apiVersion`, `kind` and `metadata` were read: no enabled rule needs the
   * rest of a document of its kind (a CustomResourceDefinition's schema, a ConfigMap's data), so it was never
   * parsed. `value` and `node` then hold those keys alone.
   */
  headerOnly?: boolean;
  /** Path from the document root to the object: [] for a document, ['items', n] inside a List. */
  basePath: (string | number)[];
}

export interface ParsedDocument {
  index: number;
  /** The document's tree; its ranges count from the start of the part of the file it was parsed from. */
  doc: Document.Parsed;
  /** Offsets of the document's content in the file, including its leading `---` marker when present. */
  span: Span;
}

/**
 * One part of a file (a document, see split.ts) parsed on its own: `file` is that parse, in offsets from the
 * part's start, and may be shared with the parse of an earlier version of the file where the part's text is
 * unchanged. Rules see `file` as their `context.file`, so the ranges of an object's nodes and the text agree.
 */
export interface ParsedChunk {
  /** Where the part begins in the file. */
  offset: number;
  /** The file's line on which the part begins. */
  line: number;
  file: ParsedFile;
  /** The part's objects, placed in the file (`source.offset` is `offset`, document indexes count in the file). */
  objects: K8sObject[];
}

export interface ParsedFile {
  /** The identifier the caller gave the file (a URI or a path; empty when analysing loose text). */
  uri: string;
  text: string;
  /**
   * The text's length. An open document's whole text is joined only when `text` is read (see parseFile),
   * which a keystroke's analysis never needs: what only needs the length reads this.
   */
  textLength: number;
  /** The line ending the file uses, for inserted text. */
  eol: '\n' | '\r\n';
  documents: ParsedDocument[];
  objects: K8sObject[];
  /**
   * Offsets of the first character of each line, for offset to line/column conversion. A file skipped for its
   * size keeps only `[0]`: nothing in it is reported past its first character, and counting lines costs time.
   */
  lineStarts: number[];
  /** Parts of the file that were not analysed (a bound was hit, or the text is a template), and why. */
  notices: AnalysisNotice[];
  /** The parts the file was parsed in, in order; `objects` and `documents` are theirs, placed in the file. */
  chunks: ParsedChunk[];
  /**
   * Set on the part a rule sees as `context.file`: the whole file it belongs to, for conventions that are
   * the file's rather than one document's (its indentation width and sequence style).
   */
  whole?: ParsedFile;
  /** What is worked out from this parse later and kept with it (see ParseMemo). */
  memo: ParseMemo;
}

/**
 * What is worked out from one parse after it is made, kept with it instead of in tables beside it: a part
 * whose text is unchanged keeps its parse from one version of the file to the next (ParseCache), and with it
 * this, which goes when the parse does. Each field is filled by the module named; engine.ts adds the results
 * of its rules (declaration merging, as their types are its own).
 */
export interface ParseMemo {
  /** The part as rules see it (part-view.ts): this parse, `whole` set to the latest file that holds it. */
  view?: ParsedFile;
  /** How the text indents its collections and sequences (edits.ts, layoutOf). */
  layout?: LayoutEvidence;
  /**
   * What belongs to the part as placed in one file, by the file's uri: the caches of one group (ParseCache)
   * share a part between files (the printed outputs of Kustomize entry points), and each file has its own
   * objects of it and its own findings on them. A cache that lets the part go forgets its file's entry.
   */
  files?: Map<string, PartInFile>;
}

/** What one file keeps about a part it holds (ParseMemo.files); modules add their fields, as for ParseMemo. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PartInFile {}

/** How often each indentation step and sequence style occurs in a part of a file (they add up). */
export interface LayoutEvidence {
  steps: Map<number, number>;
  indented: number;
  flush: number;
}

export interface Finding {
  ruleId: string;
  /** The metadata of the rule that reported it, so that no output has to look the rule up by id. */
  meta: RuleMeta;
  severity: Severity;
  message: string;
  span: Span;
  /**
   * The object the finding is about; undefined for the findings of input rules (a syntax error, a skipped
   * file), which are about text no object was read from.
   */
  object?: ObjectIdentity;
  /** The object itself (for central code actions such as "ignore for this object"), when there is one. */
  target?: K8sObject;
  /** Other objects involved, possibly in other files, for "related information" links. */
  related: RelatedLocation[];
  /** Computes the fixes on demand (memoised): diagnostics on every keystroke never pay for them. */
  getFixes(): Fix[];
  /**
   * Set on a finding of Kustomize's rendered output placed in this file: the entry points (folders, as
   * named in the message) whose output has it, and whether every entry point that includes the file does.
   */
  rendered?: { entryPoints: readonly string[]; everywhere: boolean };
}

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
}

/** A rule that threw on a document: reported once, without hiding the other rules' findings. */
export interface RuleFailure {
  ruleId: string;
  /** The document the rule failed on; -1 for an input rule, which looks at the whole file at once. */
  documentIndex: number;
  error: string;
}

export interface Analysis {
  file: ParsedFile;
  findings: Finding[];
  /** Findings an ignore comment or annotation silenced, with how; kept for reports that list them. */
  suppressed: { finding: Finding; kind: 'line' | 'file' | 'annotation'; reason: string | undefined }[];
  failures: RuleFailure[];
  /**
   * Why parts of the file were not analysed: the parse's notices, then the rules' time budget. At most one
   * per kind. The input rules `file-skipped` and `unrendered-template` report each as a finding (unless
   * they are off or suppressed), which is how front ends show them: this list is the engine's record.
   */
  notices: AnalysisNotice[];
  /** This analysis, for the next one that may take its findings again (engine.ts, AnalyseOptions.reuse). */
  token?: object;
  /**
   * With AnalyseOptions.reuse: the unsuppressed findings of each part of the file (not the input rules'), in
   * the parts' order. A group's `key` stays the same object for as long as its part's findings are taken
   * again, so that whoever converts findings (the language server's diagnostics) can keep its conversion.
   */
  groups?: FindingGroup[];
  /** With AnalyseOptions.reuse: the parts checked, the parts whose findings were taken again, the objects checked. */
  work?: { partsChecked: number; partsKept: number; objectsChecked: number };
}

export interface FindingGroup {
  key: object;
  findings: readonly Finding[];
  /** The part the findings are in; none for the input rules' findings, which may be anywhere. */
  chunk?: ParsedChunk;
}

/** What made the engine skip part of a file. */
export type NoticeKind =
  | 'file-too-large'
  | 'too-many-documents'
  | 'too-deep'
  | 'too-many-aliases'
  | 'time-budget'
  | 'helm-template'
  // A kustomization was not rendered: it uses a field the renderer does not cover, or kustomize would fail.
  | 'kustomize-unsupported'
  | 'kustomize-error'
  // A patch that only Components no kustomization includes name: nothing renders it, so nothing checks it.
  | 'kustomize-unused-patch';

/** A part of a file left unanalysed, with a message that says why and what the user can do. */
export interface AnalysisNotice {
  kind: NoticeKind;
  message: string;
  /** Where the skipped part starts: a document, the first `{{`, or the file's first character. */
  span: Span;
}

/**
 * Bounds that keep analysis fast and small on any input (`kubeHindsight.limits.*`). Whatever exceeds one is
 * skipped with a notice, never analysed halfway in silence.
 */
export interface AnalysisLimits {
  /** Larger files (in UTF-8 bytes) are not parsed at all. */
  maxFileBytes: number;
  /** Documents after this many in one file are not parsed. */
  maxDocuments: number;
  /** `yaml`'s alias expansion bound: a document that expands more (an alias bomb) is skipped. */
  maxAliasCount: number;
  /** Documents whose collections nest deeper than this are skipped before they are built. */
  maxDepth: number;
  /** Milliseconds each document may take to parse, and again to be checked by the rules. */
  timeBudgetMs: number;
}

export interface FixSettings {
  memoryLimit: string;
  memoryRequest: string;
  cpuRequest: string;
  antiAffinityWeight: number;
  antiAffinityTopologyKey: string;
  pdbMaxUnavailable: string | number;
  /** When set, PDB fixes use `minAvailable` with this value instead of `maxUnavailable`. */
  pdbMinAvailable: string | number | null;
}

export interface EngineSettings {
  /** Per-rule severity override, or 'off'. Rules not named get the severity their profiles give them. */
  rules: Record<string, SeveritySetting>;
  /** The profiles in force (profiles.ts): `recommended` unless the editor, the CLI or `extends:` names others. */
  profiles: readonly ProfileName[];
  /** Per-rule option overrides; validated against each rule's option specs when the rule runs. */
  ruleOptions: Record<string, Record<string, unknown>>;
  /** The Kubernetes minor version the manifests target, as "1.30". */
  kubernetesVersion: string;
  /**
   * The Pod Security level the cluster enforces by default (its AdmissionConfiguration's `defaults.enforce`):
   * applied to a workload whose Namespace is not in view or sets no enforce label.
   */
  podSecurityLevel: PodSecurityLevelSetting;
  fix: FixSettings;
  limits: AnalysisLimits;
}
