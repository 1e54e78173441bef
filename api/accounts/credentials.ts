import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors';

// Passwords, tokens and keys. Passwords: Argon2id with the library's defaults (19 MiB, t=2, p=1 —
// OWASP's recommended minimum). Tokens and API keys: 256 random bits, stored only as SHA-256, which is
// enough for secrets that are not guessable and lets a lookup use an index.

export const MIN_PASSWORD_LENGTH = 10;
/** Argon2 itself accepts any length; this keeps a megabyte "password" from costing CPU for nothing. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Trimmed and lower-cased, so `Anna@Example.org ` and `anna@example.org` are one account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkPasswordRules(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('invalid', `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`, {
      errors: [{ path: field, message: `must be at least ${MIN_PASSWORD_LENGTH} characters long` }],
    });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('invalid', `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`, {
      errors: [{ path: field, message: `must be at most ${MAX_PASSWORD_LENGTH} characters long` }],
    });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the address has no account or no password, so that a wrong address takes
// as long as a wrong password and the timing tells nothing about which addresses exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (passwordHash === null) {
    dummyHash ??= hash(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}

export type SecretKind = 'session' | 'apiKey';
const secretPrefix: Record<SecretKind, string> = { session: 'vts_', apiKey: 'vtk_' };

/** A new bearer secret: `vts_…` for sessions, `vtk_…` for API keys, 256 random bits. */
export function newSecret(kind: SecretKind): string {
  return `${secretPrefix[kind]}${randomBytes(32).toString('base64url')}`;
}

export function secretKind(secret: string): SecretKind | undefined {
  if (secret.startsWith(secretPrefix.session)) return 'session';
  if (secret.startsWith(secretPrefix.apiKey)) return 'apiKey';
  return undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
