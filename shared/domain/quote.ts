/** How much of a value a message quotes: enough to recognise it, never a whole pasted document. */
export const QUOTE_LIMIT = 80;

/** Text as one line of at most `limit` characters: line breaks and runs of spaces become one space. */
export function oneLine(text: string, limit = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** A value quoted in a message: "…", on one line, at most QUOTE_LIMIT characters. */
export function quoted(value: unknown, limit = QUOTE_LIMIT): string {
  return `"${oneLine(String(value), limit)}"`;
}
