import { randomInt } from 'node:crypto';
import type { ConfigService } from '../../sdk/config.js';
import type { ServiceResolver } from '../../sdk/extension.js';
import type { Clock, Logger } from '../../sdk/logger.js';
import type { PurgeTask } from '../../sdk/maintenance.js';
import type { Persistence } from '../../sdk/persistence.js';
import { TYPES } from '../../sdk/tokens.js';
import { LoginAttemptLimiter } from '../http/rate-limiter.js';
import { floodLimits } from '../sessions/flood-config.js';
import { authLogPurgeTask, loginAttemptPurgeTask, sessionPurgeTask } from './host-purge-tasks.js';

/** Batches one task may delete per run; the rest waits for the next run (a run stays short). */
export const MAX_BATCHES_PER_RUN = 100;

export interface PurgeRunnerDeps {
  readonly persistence: Persistence;
  readonly config: ConfigService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly services: ServiceResolver;
}

/**
 * The host's purge job: its own tasks (authentication log, ended sessions, password sign-in counters)
 * plus every `TYPES.PurgeTask` an extension binds. `start()` runs them every `purgeInterval` (first run
 * after a random part of the interval, so processes started together do not run in step). Every task is
 * an idempotent bounded DELETE of expired rows, so several processes on one database may run at once.
 */
export class PurgeRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Record<string, number>> | undefined;
  private stopped = false;

  constructor(private readonly deps: PurgeRunnerDeps) {}

  tasks(): PurgeTask[] {
    const { persistence, config, clock } = this.deps;
    return [
      authLogPurgeTask(persistence, config),
      sessionPurgeTask(persistence, config),
      loginAttemptPurgeTask(new LoginAttemptLimiter(persistence, clock, config)),
      ...this.deps.services.getAll<PurgeTask>(TYPES.PurgeTask),
    ];
  }

  /** One run of every task (a run already under way in this process is joined); rows deleted per task. */
  runOnce(): Promise<Record<string, number>> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<Record<string, number>> {
    const now = this.deps.clock.now();
    const batch = floodLimits(this.deps.config).purgeBatchSize;
    const removed: Record<string, number> = {};
    for (const task of this.tasks()) {
      let total = 0;
      try {
        for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
          const deleted = await task.purge(now, batch);
          total += deleted;
          if (deleted < batch) break;
        }
      } catch (error) {
        this.deps.logger.warn('Purge task failed', {
          warningCode: 'WARN_PURGE_TASK_FAILED',
          task: task.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      removed[task.name] = total;
    }
    const any = Object.values(removed).some((n) => n > 0);
    if (any) this.deps.logger.info('Purged expired rows', removed);
    return removed;
  }

  /** Runs every `purgeInterval` until `stop()` (0: never). The timer does not keep the process alive. */
  start(): void {
    // Jitter only (not a secret): spreads the first runs of processes started together.
    this.schedule(randomInt(1_000_000) / 1_000_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private schedule(fraction: number): void {
    if (this.stopped) return;
    const interval = floodLimits(this.deps.config).purgeIntervalMs;
    // Re-read the interval later when purging is off (an admin may turn it on).
    const delay = interval > 0 ? Math.max(1000, Math.round(interval * fraction)) : 60_000;
    this.timer = setTimeout(() => {
      const next = (): void => this.schedule(1);
      if (interval > 0) void this.runOnce().then(next, next);
      else next();
    }, delay);
    this.timer.unref();
  }
}
