import {
  BlobReader,
  configure,
  ERR_CENTRAL_DIRECTORY_NOT_FOUND,
  ERR_ENCRYPTED,
  ERR_ENTRY_DATA_OUT_OF_BOUNDS,
  ERR_EOCDR_NOT_FOUND,
  ERR_INVALID_PASSWORD,
  ERR_LOCAL_FILE_HEADER_NOT_FOUND,
  type FileEntry,
  Uint8ArrayWriter,
  ZipReader,
} from '@zip.js/zip.js/lib/zip-core-native.js';

// Opens the sealed ZIP inside the browser. The native build of zip.js inflates with the browser's
// DecompressionStream (falling back to its bundled JS zlib) and decrypts with WebCrypto, so nothing
// is fetched: no WebAssembly module, no worker script. Web workers stay off because the page's CSP
// forbids the blob: worker zip.js would otherwise create, and a sealed mail is at most a few dozen MB.
configure({ useWebWorkers: false, useCompressionStream: true });

export type OpenFailure =
  /** The password does not fit (zip.js checks the WinZip AES / ZipCrypto verifier first). */
  | 'wrong-password'
  /** The data does not decrypt or inflate cleanly: a damaged file, or rarely a wrong password. */
  | 'damaged'
  /** Starts like a ZIP but the end is missing: an interrupted download or a cut-off attachment. */
  | 'truncated'
  /** Not a ZIP at all, or a ZIP without a message (.eml) in it. */
  | 'not-ours';

export class OpenError extends Error {
  override name = 'OpenError';
  constructor(readonly failure: OpenFailure) {
    super(failure);
  }
}

export interface ZipFileContent {
  name: string;
  bytes: Uint8Array;
}

export interface OpenedZip {
  /** The message itself: the .eml the sealing core put into the archive. */
  message: ZipFileContent;
  /** Every other file, in archive order, with the bytes exactly as the sender attached them. */
  files: ZipFileContent[];
  encrypted: boolean;
  /** The archive comment as bytes (empty when none): the sealing core names the message id there. */
  comment: Uint8Array;
}

const LOCAL_FILE_HEADER = [0x50, 0x4b, 0x03, 0x04];

/** Phones and word processors turn "-" into dashes and add spaces; the password has neither. */
export function normalisePassword(typed: string): string {
  return typed.replace(/[\u2010-\u2015\u2212\uFE63\uFF0D]/g, '-').replace(/\s+/g, '');
}

async function startsLikeZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return LOCAL_FILE_HEADER.every((byte, i) => head[i] === byte);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function classifyListingError(file: Blob, error: unknown): Promise<OpenFailure> {
  const message = messageOf(error);
  const missingEnd = [ERR_EOCDR_NOT_FOUND, ERR_CENTRAL_DIRECTORY_NOT_FOUND, ERR_ENTRY_DATA_OUT_OF_BOUNDS];
  if (missingEnd.includes(message) && (await startsLikeZip(file))) return 'truncated';
  return 'not-ours';
}

function classifyReadError(error: unknown): OpenFailure {
  const message = messageOf(error);
  if (message === ERR_INVALID_PASSWORD || message === ERR_ENCRYPTED) return 'wrong-password';
  if ([ERR_LOCAL_FILE_HEADER_NOT_FOUND, ERR_ENTRY_DATA_OUT_OF_BOUNDS].includes(message)) return 'truncated';
  // ERR_INVALID_AUTHENTICATION_CODE, ERR_INVALID_CRC32, ERR_INVALID_COMPRESSED_DATA and the like: the
  // bytes are not what was sealed (or, 1 in 65,536 for AES, a wrong password passed the verifier).
  return 'damaged';
}

/**
 * The message file: the sealing core writes exactly one .eml of its own (nachricht.eml or
 * message.eml, last in the archive), but a sender may have attached forwarded mails, which are
 * .eml files too (Anhang-02.eml). Archives sealed before the neutral names had the core's file first.
 */
const MESSAGE_NAMES = ['nachricht.eml', 'message.eml'];

function pickMessage(entries: FileEntry[]): FileEntry | undefined {
  return (
    entries.find((entry) => MESSAGE_NAMES.includes(entry.filename.toLowerCase())) ??
    entries.find((entry) => entry.filename.toLowerCase().endsWith('.eml'))
  );
}

export async function openZip(file: Blob, password: string): Promise<OpenedZip> {
  const reader = new ZipReader(new BlobReader(file), {
    password,
    checkCrc32: true,
    checkAuthenticationCode: true,
  });
  let entries: FileEntry[];
  try {
    entries = (await reader.getEntries()).filter((entry): entry is FileEntry => !entry.directory);
  } catch (error) {
    throw new OpenError(await classifyListingError(file, error));
  }
  const messageEntry = pickMessage(entries);
  if (!messageEntry) throw new OpenError('not-ours');
  const read = async (entry: FileEntry): Promise<ZipFileContent> => {
    try {
      const bytes = await entry.getData(new Uint8ArrayWriter());
      return { name: baseName(entry.filename), bytes };
    } catch (error) {
      throw new OpenError(classifyReadError(error));
    }
  };
  // The message first: a wrong password then fails before anything else is decrypted.
  const message = await read(messageEntry);
  const files: ZipFileContent[] = [];
  for (const entry of entries) {
    if (entry !== messageEntry) files.push(await read(entry));
  }
  await reader.close();
  return {
    message,
    files,
    encrypted: entries.some((entry) => entry.encrypted),
    comment: reader.comment ?? new Uint8Array(),
  };
}

/** Only the last segment: a name is what the download gets, never a path. */
function baseName(name: string): string {
  return name.split(/[/\\]/).pop() || name;
}
