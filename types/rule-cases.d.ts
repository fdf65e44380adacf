// Provided by the `rule-cases` esbuild plugin in scripts/build.mjs: every rules/<id>/cases.ts, by rule id.
// An ambient module cannot import the RuleCases type by a relative path; readers cast to it.
declare module 'virtual:rule-cases' {
  const cases: Record<string, unknown>;
  export default cases;
}

// Provided by the same plugin: every rule folder's rule (rules/<id>/index.ts) with its table, by rule id.
declare module 'virtual:rule-tables' {
  const tables: Record<string, { rule: unknown; cases: unknown }>;
  export default tables;
}
