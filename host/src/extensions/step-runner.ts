import { describeError } from './errors.js';
import type { InterruptGuard } from './interrupt-guard.js';
import type { ExtensionManagerDeps, ProgressListener } from './manager-deps.js';

/** A failure inside a step, remembering which step it was. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly label: string,
    override readonly cause: unknown,
  ) {
    super(`${label}: ${describeError(cause)}`);
  }
}

/**
 * Runs the steps of an install or uninstall one by one, reporting each, and records how to undo
 * what has been done; `rollback()` undoes it newest first and returns what could not be undone.
 */
export class StepRunner {
  private readonly undo: Array<{ label: string; fn: () => Promise<void> }> = [];

  /** `guard`: an interruption (signal, uncaught error) fails the running step. */
  constructor(
    private readonly progress: ProgressListener,
    private readonly guard?: InterruptGuard,
  ) {}

  async run<T>(step: string, label: string, fn: () => Promise<T> | T): Promise<T> {
    this.progress({ kind: 'step', step, message: label });
    try {
      return await (this.guard ? this.guard.race(fn) : fn());
    } catch (error) {
      throw new StepFailure(step, label, error);
    }
  }

  skip(step: string, message: string): void {
    this.progress({ kind: 'skip', step, message });
  }

  onRollback(label: string, fn: () => Promise<void>): void {
    this.undo.push({ label, fn });
  }

  get hasUndo(): boolean {
    return this.undo.length > 0;
  }

  async rollback(): Promise<string[]> {
    this.guard?.enterRollback();
    const problems: string[] = [];
    for (const action of this.undo.reverse()) problems.push(...(await this.rollbackAction(action.label, action.fn)));
    this.undo.length = 0;
    return problems;
  }

  /** Runs one undo action now; returns its problem, if any (never throws). */
  async rollbackAction(label: string, fn: () => Promise<void>): Promise<string[]> {
    this.progress({ kind: 'rollback', message: label });
    try {
      await fn();
      return [];
    } catch (error) {
      this.progress({ kind: 'warning', message: `could not ${label}: ${describeError(error)}` });
      return [`${label}: ${describeError(error)}`];
    }
  }
}

/** Undoes what the steps did, then rebuilds the cache from what is on disk again. */
export async function rollbackAndRebuild(
  steps: StepRunner,
  deps: Pick<ExtensionManagerDeps, 'rebuildResources'>,
): Promise<string[]> {
  const changed = steps.hasUndo;
  const problems = await steps.rollback();
  if (changed)
    problems.push(
      ...(await steps.rollbackAction('rebuild the metadata and i18n cache', () => deps.rebuildResources())),
    );
  return problems;
}
