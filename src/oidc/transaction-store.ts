import { TYPES, type Clock, type Logger, type Persistence } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { LOGIN_TRANSACTIONS_TABLE as T, type LoginMode } from './entities/LoginTransaction.js';
import type { OidcFlowOptions } from './flow-options.js';
import { randomToken, sameDigest, sha256Hex } from './random.js';
import { deleteExpiredBatch } from './purge-batch.js';
import { OIDC_TYPES } from './tokens.js';
import { newId } from 'crm-host/sdk';

export interface NewTransaction {
  /** SHA-256 hex of the browser-binding cookie value. */
  browserHash: string;
  /**
   * The binding value was made by this request: no other transaction can carry it, so the per-browser
   * cap has nothing to count (saves a query on every first start of a browser).
   */
  freshBinding?: boolean;
  providerId: string | null;
  expectedIssuer: string;
  redirectUri: string;
  returnTo: string;
  mode: LoginMode;
  maxAge: number | null;
  pkce: boolean;
}

/** What the authorization request needs (the secrets are never stored in clear except nonce/verifier). */
export interface StartedTransaction {
  id: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

/** A transaction as read back when the callback consumed it. */
export interface PendingTransaction extends NewTransaction {
  id: string;
  nonce: string;
  codeVerifier: string;
  createdAt: number;
  expiresAt: number;
}

export type ConsumeResult =
  | { kind: 'consumed'; transaction: PendingTransaction }
  | { kind: 'unknown' }
  | { kind: 'replayed' }
  | { kind: 'expired' };

/** Server-side login transactions: single use across every host process sharing the database. */
export interface LoginTransactionStore {
  create(input: NewTransaction): Promise<StartedTransaction>;
  /** Marks the transaction of `state` used (atomic conditional UPDATE) and returns it. */
  consume(state: string): Promise<ConsumeResult>;
  /** Whether a browser-binding cookie value belongs to the transaction. */
  boundTo(transaction: PendingTransaction, cookieValue: string | undefined): boolean;
}

type Row = Record<string, unknown>;

/** Rows the purge on `create()` deletes at most (a short statement on the request path). */
const INLINE_PURGE_BATCH = 500;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

@injectable()
export class DbLoginTransactionStore implements LoginTransactionStore {
  private lastPurge = 0;

  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) private readonly logger: Logger,
    @inject(OIDC_TYPES.FlowOptions) private readonly options: OidcFlowOptions,
  ) {}

  async create(input: NewTransaction): Promise<StartedTransaction> {
    const now = this.clock.now();
    const started: StartedTransaction = {
      id: newId(),
      state: randomToken(),
      nonce: randomToken(),
      codeVerifier: randomToken(),
      expiresAt: now + this.options.transactionLifetimeMs,
    };
    const knex = this.persistence.knex();
    await knex(T).insert({
      id: started.id,
      state_hash: sha256Hex(started.state),
      nonce: started.nonce,
      code_verifier: started.codeVerifier,
      browser_hash: input.browserHash,
      provider_id: input.providerId,
      expected_issuer: input.expectedIssuer,
      redirect_uri: input.redirectUri,
      return_to: input.returnTo,
      mode: input.mode,
      max_age: input.maxAge,
      pkce: input.pkce,
      created_at: now,
      expires_at: started.expiresAt,
      consumed_at: null,
    });
    if (!input.freshBinding) await this.capPerBrowser(input.browserHash, now);
    await this.purgeSometimes(now);
    return started;
  }

  async consume(state: string): Promise<ConsumeResult> {
    const now = this.clock.now();
    const stateHash = sha256Hex(state);
    const knex = this.persistence.knex();
    const affected = await knex(T)
      .where({ state_hash: stateHash })
      .whereNull('consumed_at')
      .where('expires_at', '>', now)
      .update({ consumed_at: now });
    const row = (await knex(T).where({ state_hash: stateHash }).first()) as Row | undefined;
    if (num(affected) === 1 && row) return { kind: 'consumed', transaction: toPending(row) };
    if (!row) return { kind: 'unknown' };
    if (row['consumed_at'] !== null && row['consumed_at'] !== undefined) return { kind: 'replayed' };
    return { kind: 'expired' };
  }

  boundTo(transaction: PendingTransaction, cookieValue: string | undefined): boolean {
    if (typeof cookieValue !== 'string' || cookieValue === '') return false;
    return sameDigest(sha256Hex(cookieValue), transaction.browserHash);
  }

  /** Keeps the newest `maxPendingPerBrowser` pending transactions of a browser; older ones are dropped. */
  private async capPerBrowser(browserHash: string, now: number): Promise<void> {
    const knex = this.persistence.knex();
    const stale = (await knex(T)
      .select('id')
      .where({ browser_hash: browserHash })
      .whereNull('consumed_at')
      .where('expires_at', '>', now)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(this.options.maxPendingPerBrowser)
      .limit(1000)) as Row[];
    if (stale.length > 0) {
      await knex(T)
        .whereIn(
          'id',
          stale.map((r) => String(r['id'])),
        )
        .del();
    }
  }

  /**
   * Deletes rows past expiry + grace (kept that long so a replay is reported as one), at most once a minute
   * and at most one batch (the host's purge job, `LoginTransactionPurgeTask`, does the rest).
   */
  private async purgeSometimes(now: number): Promise<void> {
    if (now - this.lastPurge < this.options.purgeIntervalMs) return;
    this.lastPurge = now;
    try {
      const removed = await deleteExpiredBatch(
        this.persistence.knex(),
        T,
        now - this.options.replayMemoryMs,
        INLINE_PURGE_BATCH,
      );
      if (removed > 0) this.logger.debug('Purged expired OIDC login transactions', { removed });
    } catch (error) {
      this.logger.warn('Could not purge expired OIDC login transactions', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

function toPending(row: Row): PendingTransaction {
  const maxAge = row['max_age'];
  return {
    id: String(row['id']),
    nonce: String(row['nonce']),
    codeVerifier: String(row['code_verifier']),
    browserHash: String(row['browser_hash']),
    providerId: row['provider_id'] === null || row['provider_id'] === undefined ? null : String(row['provider_id']),
    expectedIssuer: String(row['expected_issuer']),
    redirectUri: String(row['redirect_uri']),
    returnTo: String(row['return_to']),
    mode: row['mode'] === 'test' ? 'test' : 'login',
    maxAge: maxAge === null || maxAge === undefined ? null : num(maxAge),
    pkce: row['pkce'] === true || row['pkce'] === 1 || row['pkce'] === '1',
    createdAt: num(row['created_at']),
    expiresAt: num(row['expires_at']),
  };
}
