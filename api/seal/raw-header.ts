// The original's header fields as written, for the PDF where no parser could read one: the obsolete
// syntax of RFC 5322 §4.5 (`From  : John Doe <…>`, comments, odd spacing) leaves mailparser with no
// From at all, and a Date it cannot read. The PDF then shows the text as it stands in the message
// rather than nothing, or a date made up on the spot.

const MAX_HEADER_BYTES = 256 * 1024;

/** The header block: everything before the first empty line (or the whole input if there is none). */
function headerBlock(raw: Uint8Array): string {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, MAX_HEADER_BYTES));
  const text = head.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/**
 * Every field as [name, value]: name in lower case with spaces before the colon dropped, value
 * unfolded; lines that are not `name : value` are skipped.
 */
export function rawHeaderList(raw: Uint8Array): [string, string][] {
  const list: [string, string][] = [];
  // RFC 5322 §2.2.3: a line starting with white space continues the one before.
  const unfolded = headerBlock(raw).replace(/\r?\n(?=[ \t])/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    const match = /^([!-9;-~]+)[ \t]*:(.*)$/.exec(line);
    if (!match?.[1]) continue;
    list.push([match[1].toLowerCase(), (match[2] ?? '').replace(/\s+/g, ' ').trim()]);
  }
  return list;
}

/** Field name to its first non-empty value (see rawHeaderList). */
export function rawHeaderFields(raw: Uint8Array): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of rawHeaderList(raw)) {
    if (!fields.has(name) && value !== '') fields.set(name, value);
  }
  return fields;
}

/** A Date header's value as a date; undefined when it says nothing a reader can use. */
export function readableDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
