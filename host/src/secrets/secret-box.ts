import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HostError } from '../../sdk/errors.js';
import type { SecretBox, SecretStoreStatus } from '../../sdk/secrets.js';
import type { HostKeyRing } from './keyring.js';

/** Prefix of a sealed value: `enc:v1:<key id>:<base64url(iv | ciphertext | tag)>`. */
export const SEALED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]+)$/;

function aad(context: string): Buffer {
  return Buffer.from(`crm-host:v1:${context}`, 'utf8');
}

/**
 * AES-256-GCM with a random 96-bit IV per value; the context (where the value is stored) is the additional
 * authenticated data, so a sealed value moved to another column or key does not open.
 */
export class HostSecretBox implements SecretBox {
  constructor(private readonly ring: Pick<HostKeyRing, 'keys' | 'current'>) {}

  get currentKeyId(): string {
    return this.ring.current.id;
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.current.key, iv);
    cipher.setAAD(aad(context));
    const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${SEALED_PREFIX}${this.ring.current.id}:${body.toString('base64url')}`;
  }

  open(value: string, context: string): string {
    const match = SEALED.exec(value);
    if (!match) {
      if (value.startsWith(SEALED_PREFIX)) throw unreadable(context);
      return value; // written in clear before encryption at rest: re-sealed by the boot step
    }
    const key = this.ring.keys.get(match[1]!);
    if (!key) {
      throw new HostError(
        'ERR_SECRET_KEY_UNKNOWN',
        `The secret in ${context} was sealed with host key "${match[1]}", which this host does not have (CRM_HOST_KEY or host.key)`,
        { status: 500 },
      );
    }
    const body = Buffer.from(match[2]!, 'base64url');
    if (body.length < IV_BYTES + TAG_BYTES) throw unreadable(context);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw unreadable(context);
    }
  }

  isSealed(value: unknown): value is string {
    return typeof value === 'string' && SEALED.test(value);
  }

  countByKey(values: Iterable<string>): SecretStoreStatus {
    const byKey: Record<string, number> = {};
    for (const value of values) {
      const id = this.keyIdOf(value) ?? 'plain';
      byKey[id] = (byKey[id] ?? 0) + 1;
    }
    return { byKey };
  }

  keyIdOf(value: unknown): string | null {
    if (typeof value !== 'string') return null;
    return SEALED.exec(value)?.[1] ?? null;
  }
}

function unreadable(context: string): HostError {
  return new HostError('ERR_SECRET_UNREADABLE', `The secret in ${context} does not decrypt (damaged, or moved)`, {
    status: 500,
  });
}
