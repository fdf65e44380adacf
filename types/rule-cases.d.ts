// Provided by the `rule-cases` esbuild plugin in scripts/build.mjs: every rules/<id>/cases.ts, by rule id.
// An ambient module cannot import the RuleCases type by a relative path; readers cast to it.
declare module 'virtual:rule-cases' {
  const cases: Record<string, unknown>;
  export default cases;
}
