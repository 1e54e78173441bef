import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Encrypts what we must keep but must not store in clear (message passwords and subjects) with
// AES-256-GCM under the master key (CONTRACT.md "Accounts and locking"). Format of a sealed value:
//   v1.<base64url(iv[12] | ciphertext | tag[16])>
// The version prefix lets a later format or key rotation coexist with stored values. The optional
// context (e.g. the message id) is bound as additional authenticated data, so a value copied into
// another row does not decrypt there.

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export interface SecretBox {
  encrypt(plaintext: string, context?: string): string;
  decrypt(sealed: string, context?: string): string;
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new SecretBoxError('the master key must be 32 bytes');
  const k = Buffer.from(key);
  return {
    encrypt(plaintext, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
    },
    decrypt(sealed, context = '') {
      const dot = sealed.indexOf('.');
      const version = sealed.slice(0, dot);
      if (dot < 0 || version !== VERSION) throw new SecretBoxError('unknown secret format');
      const raw = Buffer.from(sealed.slice(dot + 1), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('secret too short');
      const iv = raw.subarray(0, IV_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('secret does not decrypt with this key (wrong key or tampered value)');
      }
    },
  };
}
