import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * The storage of one test IdP: a plain Map with lazy expiry, shared by every model adapter of that IdP and
 * kept across `restart()`/`rotateKeys()`, so sessions and grants survive a key rotation the way they do on
 * a real IdP with a database. Unlike oidc-provider's bundled memory adapter (module-global, LRU of 1000
 * entries) it is isolated per IdP and does not evict under load.
 */
export class IdpMemoryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly uidIndex = new Map<string, string>();
  private readonly userCodeIndex = new Map<string, string>();
  private readonly grants = new Map<string, Set<string>>();

  /** The adapter factory to hand to oidc-provider's `adapter` option. */
  readonly factory: AdapterFactory = (model: string): Adapter => this.adapterFor(model);

  get size(): number {
    return this.entries.size;
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private adapterFor(model: string): Adapter {
    const key = (id: string): string => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        this.entries.set(key(id), { payload, expiresAt });
        if (payload.uid) this.uidIndex.set(payload.uid, id);
        if (payload.userCode) this.userCodeIndex.set(payload.userCode, id);
        if (payload.grantId) {
          const members = this.grants.get(payload.grantId) ?? new Set<string>();
          members.add(key(id));
          this.grants.set(payload.grantId, members);
        }
      },
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => {
        const id = this.uidIndex.get(uid);
        return id === undefined ? undefined : this.get(key(id));
      },
      findByUserCode: async (userCode) => {
        const id = this.userCodeIndex.get(userCode);
        return id === undefined ? undefined : this.get(key(id));
      },
      consume: async (id) => {
        const payload = this.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const member of this.grants.get(grantId) ?? []) this.entries.delete(member);
        this.grants.delete(grantId);
      },
    };
  }
}
