import { createHash, randomBytes } from 'node:crypto';
import type { ConfigValue } from 'crm-host/sdk';

/** Prefix of a transaction's providerId that names a test-login draft (`t:` + 32 hex = 34 of 36 chars). */
export const DRAFT_PROVIDER_PREFIX = 't:';

/** Unsaved settings an admin is testing, and the report once the popup login finished. */
export interface TestLoginDraft {
  readonly id: string;
  readonly adminId: string;
  /** Saved values merged with the form's unsaved ones (secrets included: server side only). */
  readonly values: Readonly<Record<string, ConfigValue>>;
  readonly fingerprint: string;
  readonly expiresAt: number;
  report: TestLoginReport | null;
}

export interface TestLoginReport {
  readonly ok: boolean;
  /** Claims of the verified ID token (never the token itself). */
  readonly idTokenClaims: Readonly<Record<string, unknown>>;
  readonly userInfoClaims: Readonly<Record<string, unknown>> | null;
  readonly verification: { alg: string; kid: string | null; thumbprint: string | null; source: string | null } | null;
  readonly userName: string | null;
  /** created | linked | existing | denied */
  readonly decision: string;
  readonly matchedBy: string | null;
  readonly denial: { code: string; message: string } | null;
  readonly teamsMapped: readonly string[];
  readonly teamsAdded: readonly string[];
  readonly teamsRemoved: readonly string[];
  readonly warnings: readonly { code: string; message: string }[];
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

/** In-memory drafts with a lifetime and a cap (a test login is short and interactive). */
export class TestLoginDraftStore {
  private readonly drafts = new Map<string, TestLoginDraft>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = 10 * 60_000,
    private readonly maxDrafts = 100,
  ) {}

  create(input: Omit<TestLoginDraft, 'id' | 'expiresAt' | 'report'>): TestLoginDraft {
    this.prune();
    while (this.drafts.size >= this.maxDrafts) this.drafts.delete(this.drafts.keys().next().value as string);
    const draft: TestLoginDraft = {
      ...input,
      id: randomBytes(16).toString('hex'),
      expiresAt: this.now() + this.lifetimeMs,
      report: null,
    };
    this.drafts.set(draft.id, draft);
    return draft;
  }

  get(id: unknown): TestLoginDraft | null {
    if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) return null;
    const draft = this.drafts.get(id);
    if (!draft || draft.expiresAt <= this.now()) return null;
    return draft;
  }

  /** The draft a transaction's providerId names, or null. */
  fromProviderId(providerId: string | null | undefined): TestLoginDraft | null {
    if (!providerId?.startsWith(DRAFT_PROVIDER_PREFIX)) return null;
    return this.get(providerId.slice(DRAFT_PROVIDER_PREFIX.length));
  }

  private prune(): void {
    const now = this.now();
    for (const [id, d] of this.drafts) if (d.expiresAt <= now) this.drafts.delete(id);
  }
}
