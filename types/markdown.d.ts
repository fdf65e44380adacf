// Markdown files (war stories, rule documents) are bundled by esbuild's text loader as plain strings.
declare module '*.md' {
  const text: string;
  export default text;
}
