// File names inside the sealed ZIP (CONTRACT.md: "made safe, unique, never a path outside the
// archive, UTF-8 names"). Whatever a sender's mail program called an attachment, the name that lands
// on the recipient's disk must be a plain file name that every unzip tool and every OS accepts.

const MAX_NAME_BYTES = 180;
// Windows refuses these as file names whatever the extension (learn.microsoft.com, "Naming Files").
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// Control characters (C0, DEL, C1) and the characters Windows does not allow in names.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g;

function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = [...name.slice(0, name.length - ext.length)];
  while (stem.length > 0 && Buffer.byteLength(stem.join('') + ext) > maxBytes) stem = stem.slice(0, -1);
  return stem.join('') + ext;
}

/** One path segment that is safe to create: no directories, no `..`, no control characters. */
export function safeFileName(raw: string | undefined, fallback: string): string {
  // Keep only the last segment of any path, whichever separator the sender's system used.
  const last = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = last.replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
  // Leading dots would hide the file (or make `..`); trailing dots and spaces vanish on Windows.
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name === '') name = fallback;
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return truncateUtf8(name, MAX_NAME_BYTES);
}

/** Hands out names that are unique without regard to case (Windows and macOS disks ignore case). */
export class UniqueNames {
  readonly #taken = new Set<string>();

  take(name: string): string {
    let candidate = name;
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let n = 2; this.#taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    this.#taken.add(candidate.toLowerCase());
    return candidate;
  }
}

// The ZIP's list of entries can be read without the password (APPNOTE 4.4.17: names are not
// encrypted, WinZip AES included), so an entry is named for its place and kind only; the name
// the sender gave stands inside the encryption (the .eml's stand-in, the PDF, the /open page).
/** Only an extension that says the file's kind and nothing else: `pdf`, `docx`, `jpg`. */
const SAFE_EXTENSION = /^[a-z0-9]{1,8}$/;

/**
 * `Anhang-01.pdf`, `Attachment-12.docx`, `Anhang-03` (no extension that could carry words); `word` is
 * the catalog's (SealTexts.entryWord).
 */
export function neutralName(word: string, n: number, original: string, contentType: string): string {
  const dot = original.lastIndexOf('.');
  let ext = dot > 0 ? original.slice(dot + 1).toLowerCase() : '';
  if (!SAFE_EXTENSION.test(ext)) ext = contentType === 'message/rfc822' ? 'eml' : '';
  return `${word}-${String(n).padStart(2, '0')}${ext ? `.${ext}` : ''}`;
}
