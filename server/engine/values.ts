// Small helpers over the plain values a parse reads from YAML and the strings it keeps. They import nothing,
// so every module (the parse, the rules, the workspace index) can use them without joining an import cycle.

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A name or namespace as written: strings and numbers (`name: 2024`) read as text, anything else as none. */
export function scalarString(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * A copy of a string that shares no memory with the string it was cut from. V8 represents a slice of a long
 * string as a view of it, which keeps the whole original alive as long as the slice lives.
 */
export function detached(text: string): string {
  // UTF-16 in and out keeps every code unit, lone surrogates included (UTF-8 would replace them). V8 copies
  // slices shorter than 13 code units itself (its SlicedString::kMinLength); any longer one may be a view.
  return text.length < 13 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}
