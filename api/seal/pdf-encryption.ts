import { createCipheriv, createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { type PDFDocument, PDFName, type PDFSecurity } from '@cantoo/pdf-lib';

// The PDF's security handler: the standard one of ISO 32000-2 §7.6.4, revision 6 (V 5, AES-256),
// with node:crypto (OpenSSL) for every primitive. pdf-lib's own `encrypt()` does the same in
// pure JavaScript for the streams (~2.5 ms a short message) and runs the password hash of
// Algorithm 2.B four times (~10 ms), for U, UE, O and OE.
//
// O and OE are only ever checked against an owner password, and the one we would set is random
// and thrown away (nobody ever changes the permissions of a sealed copy). For a password nobody
// knows, O (a SHA-2 hash plus two salts) and OE (the file key under an AES key derived from it)
// cannot be told apart from random bytes, so they are random bytes: the same file for every
// reader, half the hashing. A reader tries the password it is given as the owner's first
// (Algorithm 2.A), finds no match in O and goes on to U, as with any unknown owner password.

/** Printing (high resolution), copying and accessibility; no changes (ISO 32000-2 Table 22). */
const PERMISSIONS =
  // Bits 7, 8 and 13–32 must be 1; 3 print, 5 copy, 10 accessibility, 12 high-quality print.
  (0xfffff0c0 | (1 << 2) | (1 << 4) | (1 << 9) | (1 << 11)) >> 0;

/** Password bytes for revision 6: UTF-8, at most 127 bytes (ISO 32000-2 §7.6.4.3.3). */
function passwordBytes(password: string): Buffer {
  return Buffer.from(password, 'utf8').subarray(0, 127);
}

const HASHES = ['sha256', 'sha384', 'sha512'] as const;

/**
 * ISO 32000-2 Algorithm 2.B: the password hash of revision 6, `userKey` being the 48 bytes of U
 * when hashing for the owner and empty for the user. At least 64 rounds of AES-128-CBC over 64
 * copies of password ‖ K ‖ userKey, each followed by the SHA-2 that the round's output selects.
 */
export function hash2B(password: Buffer, salt: Buffer, userKey: Buffer): Buffer {
  let k = createHash('sha256').update(password).update(salt).update(userKey).digest();
  // One buffer for the 64 copies, as long as the longest K (SHA-512) makes them.
  const room = Buffer.allocUnsafe((password.length + 64 + userKey.length) * 64);
  let last = 0;
  for (let round = 0; round < 64 || last > round - 32; round++) {
    const unit = password.length + k.length + userKey.length;
    password.copy(room, 0);
    k.copy(room, password.length);
    userKey.copy(room, password.length + k.length);
    const k1 = room.subarray(0, unit * 64);
    // Copy 1 is in place; fill() repeats it over the other 63 (native, doubling as it goes).
    k1.fill(room.subarray(0, unit), unit);
    const cipher = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
    cipher.setAutoPadding(false);
    // The length is a multiple of 16 (64 copies), so update() returns all of it and final() nothing.
    const e = cipher.update(k1);
    cipher.final();
    // The first 16 bytes of E as a number modulo 3; 256 ≡ 1 (mod 3), so the sum of the bytes serves.
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i] ?? 0;
    k = createHash(HASHES[sum % 3] ?? 'sha256')
      .update(e)
      .digest();
    last = e[e.length - 1] ?? 0;
  }
  return k.subarray(0, 32);
}

function aes256NoPadding(key: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** The encryption dictionary's entries for `password` and the file key (Algorithms 8 and 10). */
export function encryptionEntries(password: string, fileKey: Buffer) {
  const pw = passwordBytes(password);
  const validationSalt = randomBytes(8);
  const keySalt = randomBytes(8);
  const empty = Buffer.alloc(0);
  const u = Buffer.concat([hash2B(pw, validationSalt, empty), validationSalt, keySalt]);
  // Algorithm 8 step c: the file key under AES-256 in CBC mode, zero IV, no padding.
  const wrap = createCipheriv('aes-256-cbc', hash2B(pw, keySalt, empty), Buffer.alloc(16));
  wrap.setAutoPadding(false);
  const ue = Buffer.concat([wrap.update(fileKey), wrap.final()]);
  const perms = Buffer.alloc(16);
  perms.writeInt32LE(PERMISSIONS, 0);
  perms.writeUInt32LE(0xffffffff, 4);
  // 'T': the metadata is encrypted too; 'adb' marks the block; the last four bytes are random.
  perms.write('Tadb', 8, 'latin1');
  randomBytes(4).copy(perms, 12);
  return {
    U: u,
    UE: ue,
    O: randomBytes(48),
    OE: randomBytes(32),
    P: PERMISSIONS,
    Perms: aes256NoPadding(fileKey, perms),
  };
}

/** Each stream under the file key: AES-256-CBC, a fresh IV before it, PKCS #7 padding (§7.6.3). */
function encryptStream(key: KeyObject, data: Uint8Array): Uint8Array {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(data), cipher.final()]);
}

/**
 * Encrypts `doc` when it is saved: user password `password`, no owner password anyone knows, and
 * the permissions above. Call once, after the content is drawn and before `save()`.
 */
export function encryptPdf(doc: PDFDocument, password: string): void {
  const context = doc.context;
  const fileKey = randomBytes(32);
  const id = randomBytes(16);
  const key = createSecretKey(fileKey);
  const entries = encryptionEntries(password, fileKey);
  const encrypt = context.obj({
    Filter: 'Standard',
    V: 5,
    R: 6,
    Length: 256,
    CF: { StdCF: { AuthEvent: 'DocOpen', CFM: 'AESV3', Length: 32 } },
    StmF: 'StdCF',
    StrF: 'StdCF',
    ...entries,
  });
  // AES-256 is not part of PDF 1.7 (pdf-lib's header) but of Adobe's extension level 8, which a
  // 1.7 file declares in its catalog (ISO 32000-1 §7.1, Annex E), as pdf-lib's own handler does.
  doc.catalog.set(
    PDFName.of('Extensions'),
    context.obj({ ADBE: { BaseVersion: PDFName.of('1.7'), ExtensionLevel: 8 } }),
  );
  context.trailerInfo.ID = context.obj([id, id]);
  context.trailerInfo.Encrypt = context.register(encrypt);
  // pdf-lib's writers ask the document's handler for one thing: the function that encrypts each
  // stream (strings live in object streams, encrypted with them). Its class has private fields,
  // so this object is a PDFSecurity only to the type checker.
  const handler = { getEncryptFn: () => (data: Uint8Array) => encryptStream(key, data) };
  context.security = handler as unknown as PDFSecurity;
}
