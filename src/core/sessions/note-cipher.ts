import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptError extends Error {
  override name = 'DecryptError';
}

/** A fresh random key: one per session for its notes, and the master key itself. */
export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** AES-256-GCM with a random 96-bit IV; the blob is iv | tag | ciphertext. */
export function seal(key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Throws DecryptError when the blob was altered or sealed under another key. */
export function open(key: Buffer, blob: Buffer): Buffer {
  if (blob.length < IV_BYTES + TAG_BYTES) throw new DecryptError('ciphertext too short');
  const decipher = createDecipheriv(ALGORITHM, key, blob.subarray(0, IV_BYTES));
  decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptError('authentication failed');
  }
}

export const sealText = (key: Buffer, text: string): Buffer => seal(key, Buffer.from(text, 'utf8'));
export const openText = (key: Buffer, blob: Buffer): string => open(key, blob).toString('utf8');

export const KEY_LENGTH = KEY_BYTES;
