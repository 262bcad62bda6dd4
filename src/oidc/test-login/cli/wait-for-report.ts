import { setTimeout as sleep } from 'node:timers/promises';
import type { TestLoginReport } from '../drafts.js';

/** One look at the draft: still waiting, finished (its report), or gone (expired or removed). */
export type DraftState = { state: 'pending' } | { state: 'done'; report: TestLoginReport } | { state: 'gone' };

export type WaitOutcome =
  { kind: 'report'; report: TestLoginReport } | { kind: 'timeout' } | { kind: 'cancelled' } | { kind: 'gone' };

export interface WaitOptions {
  /** Reads the draft (the database: the report is written by the host process that got the callback). */
  readonly poll: () => Promise<DraftState>;
  readonly timeoutMs: number;
  /** Pause between polls. */
  readonly intervalMs: number;
  /** Abort (Ctrl-C): the wait ends with `cancelled` at once. */
  readonly signal?: AbortSignal;
  /** Called about every `progressEveryMs` while waiting, with the time waited so far. */
  readonly onProgress?: (waitedMs: number) => void;
  readonly progressEveryMs?: number;
  readonly now?: () => number;
}

/** Polls until the report is stored, the draft is gone, the time is up or the signal aborts. */
export async function waitForReport(options: WaitOptions): Promise<WaitOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const every = options.progressEveryMs ?? 10_000;
  let nextProgress = started + every;
  for (;;) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    const look = await options.poll();
    if (look.state === 'done') return { kind: 'report', report: look.report };
    if (look.state === 'gone') return { kind: 'gone' };
    const at = now();
    if (at - started >= options.timeoutMs) return { kind: 'timeout' };
    if (at >= nextProgress) {
      options.onProgress?.(at - started);
      nextProgress = at + every;
    }
    const pause = Math.max(0, Math.min(options.intervalMs, options.timeoutMs - (at - started)));
    try {
      await sleep(pause, undefined, { signal: options.signal });
    } catch {
      return { kind: 'cancelled' };
    }
  }
}
