import type { Persistence } from '../../sdk/persistence.js';

/**
 * Serializes host-internal write transactions per SQLite database file inside this process. Two ORMs
 * on the same file (two hosts in one process, e.g. the CLI and tests) would otherwise interleave their
 * transactions and hit "database is locked"; libsql cannot recover a transaction after that. Between
 * processes SQLite's busy timeout makes the second writer wait.
 */
const tails = new Map<string, Promise<unknown>>();

export async function withWriteLock<T>(key: string | null, fn: () => Promise<T>): Promise<T> {
  if (key === null) return fn();
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => {
    release = r;
  });
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  await previous.catch(() => undefined);
  try {
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/** Serializes SQLite writers of this process when the persistence supports it (OrmPersistence). */
export function serialWrite<T>(persistence: Persistence, fn: () => Promise<T>): Promise<T> {
  const p = persistence as Persistence & { serialWrite?: <R>(f: () => Promise<R>) => Promise<R> };
  return typeof p.serialWrite === 'function' ? p.serialWrite(fn) : fn();
}
