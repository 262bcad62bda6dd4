import { createHash } from 'node:crypto';
import type { ConfigValue } from 'crm-host/sdk';
import type { TestLoginOrigin } from '../entities/TestLoginDraft.js';

/** Prefix of a transaction's providerId that names a test-login draft (`t:` + 32 hex = 34 of 36 chars). */
export const DRAFT_PROVIDER_PREFIX = 't:';

/** Unsaved settings an admin is testing, and the report once the login finished (on any host process). */
export interface TestLoginDraft {
  readonly id: string;
  /** `ui` (the settings page) or `cli` (`crm-host oidc test-login`). */
  readonly origin: TestLoginOrigin;
  /** UI: the signed-in admin who started it; CLI: the admin named by `--as`, or null. */
  readonly adminId: string | null;
  readonly adminUserName: string | null;
  /** Saved values merged with the unsaved ones (secrets included: server side only, never returned). */
  readonly values: Readonly<Record<string, ConfigValue>>;
  readonly fingerprint: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly report: TestLoginReport | null;
}

/** What creating a draft needs. */
export type NewTestLoginDraft = Pick<TestLoginDraft, 'origin' | 'adminId' | 'adminUserName' | 'values' | 'fingerprint'>;

/** Test-login drafts with a lifetime and a cap, shared by every host process and the CLI (the database). */
export interface TestLoginDraftStore {
  create(input: NewTestLoginDraft): Promise<TestLoginDraft>;
  /** A live draft by id (32 hex), or null (unknown, malformed or expired). */
  get(id: unknown): Promise<TestLoginDraft | null>;
  /** The draft a transaction's providerId (`t:<id>`) names, or null. */
  fromProviderId(providerId: string | null | undefined): Promise<TestLoginDraft | null>;
  /** Stores the report of a finished test login (the last one wins: a draft may be tried again). */
  saveReport(id: string, report: TestLoginReport): Promise<void>;
  /** Deletes a draft (its start URL stops working). */
  remove(id: string): Promise<void>;
}

/** Draft ids: 128 random bits as 32 lower-case hex characters. */
export const DRAFT_ID_PATTERN = /^[0-9a-f]{32}$/;

/** The draft id a providerId names (`t:<id>`), or null. */
export function draftIdOf(providerId: string | null | undefined): string | null {
  if (!providerId?.startsWith(DRAFT_PROVIDER_PREFIX)) return null;
  const id = providerId.slice(DRAFT_PROVIDER_PREFIX.length);
  return DRAFT_ID_PATTERN.test(id) ? id : null;
}

export interface TestLoginReport {
  readonly ok: boolean;
  /** Whether this successful test login was recorded as the lockout guard's proof (see completer). */
  readonly recordedForLockoutGuard?: boolean;
  /** Claims of the verified ID token (never the token itself). */
  readonly idTokenClaims: Readonly<Record<string, unknown>>;
  /** Where a failed flow stopped (`token`, `idp`, `settings`...), when decision is `failed`. */
  readonly failedStep?: string;
  readonly userInfoClaims: Readonly<Record<string, unknown>> | null;
  readonly verification: { alg: string; kid: string | null; thumbprint: string | null; source: string | null } | null;
  readonly userName: string | null;
  /** created | linked | existing | denied (provisioning refused) | failed (the flow failed before provisioning) */
  readonly decision: string;
  readonly matchedBy: string | null;
  /** Why it did not get through; `idpError`: the OAuth error code the identity provider answered. */
  readonly denial: { code: string; message: string; idpError?: string | null } | null;
  readonly teamsMapped: readonly string[];
  readonly teamsAdded: readonly string[];
  readonly teamsRemoved: readonly string[];
  /** Each warning with its subject (`detail`: which team, which claim...; also filled into `message`). */
  readonly warnings: readonly { code: string; message: string; detail?: Readonly<Record<string, string | number>> }[];
}

/** Settings that decide how a login behaves: what the fingerprint covers. */
export function isLoginSetting(name: string): boolean {
  return name === 'authenticationMethod' || name === 'siteUrl' || name.startsWith('oidc');
}

/** A digest of the login settings (secrets included, as a hash only): equal settings, equal fingerprint. */
export function settingsFingerprint(values: Readonly<Record<string, ConfigValue>>, names: readonly string[]): string {
  const picked = [...names]
    .filter(isLoginSetting)
    .sort()
    .map((name) => [name, values[name] ?? null]);
  return createHash('sha256').update(JSON.stringify(picked)).digest('hex');
}
