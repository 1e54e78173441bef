import { AppError } from '../errors';

// A name (the account's display name) is shown to recipients in the cover mail, the SMS, the receipt
// and the PDF as plain text. Refused: control characters (a line break would forge a header or a
// line of the text), bidirectional controls (U+202E shows "moc.knab" as "bank.com", the classic
// "Trojan Source" trick, CVE-2021-42574), invisible separators, and more than 100 characters.

export const MAX_NAME_LENGTH = 100;

// Cc: C0/C1 controls; Zl/Zp: line and paragraph separators; bidi embeddings, overrides, isolates
// and marks (Unicode UAX #9); zero-width space, word joiner, BOM, which hide where text breaks.
const forbidden = /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

/** Why `name` cannot be a name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (forbidden.test(name)) return 'must not contain control, invisible or text-direction characters';
  if ([...name].length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters long`;
  return undefined;
}

/** The name trimmed (undefined when empty), or AppError 'invalid' naming `field`. */
export function checkName(name: string | undefined, field = 'name'): string | undefined {
  if (name === undefined) return undefined;
  const problem = nameProblem(name);
  if (problem) {
    throw new AppError('invalid', `The ${field} ${problem}.`, {
      errors: [{ path: field, message: problem }],
    });
  }
  return name.trim() || undefined;
}
