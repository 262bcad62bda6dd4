/** Why an install was stopped from outside its steps. */
export class InstallInterrupted extends Error {
  constructor(
    /** `SIGINT`, `SIGTERM`, or null for an uncaught error / unhandled rejection. */
    readonly signal: NodeJS.Signals | null,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * While an install runs: SIGINT/SIGTERM (when `signals`) and errors that escape every `await` (an
 * exception thrown in a lifecycle script's `setTimeout`, a rejection nobody handles) stop the current
 * step instead of killing the process, so that the install is rolled back before the process exits.
 * Signals arriving during the rollback are ignored (the journal covers a SIGKILL).
 */
export class InterruptGuard {
  private rejectStop: ((error: InstallInterrupted) => void) | null = null;
  private readonly stopped: Promise<never>;
  private rollingBack = false;
  interruption: InstallInterrupted | null = null;
  /** Problems reported after the first interruption (while rolling back). */
  readonly later: string[] = [];

  private readonly onSignal = (signal: NodeJS.Signals): void =>
    this.fire(new InstallInterrupted(signal, `interrupted by ${signal}`));
  private readonly onUncaught = (error: unknown): void =>
    this.fire(
      new InstallInterrupted(null, `uncaught error: ${error instanceof Error ? error.message : String(error)}`),
    );
  private readonly onRejection = (reason: unknown): void =>
    this.fire(
      new InstallInterrupted(
        null,
        `unhandled promise rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
      ),
    );

  constructor(private readonly options: { signals: boolean }) {
    this.stopped = new Promise<never>((_, reject) => {
      this.rejectStop = reject;
    });
    this.stopped.catch(() => undefined);
  }

  start(): this {
    if (this.options.signals) {
      process.on('SIGINT', this.onSignal);
      process.on('SIGTERM', this.onSignal);
    }
    process.on('uncaughtException', this.onUncaught);
    process.on('unhandledRejection', this.onRejection);
    return this;
  }

  stop(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('uncaughtException', this.onUncaught);
    process.off('unhandledRejection', this.onRejection);
  }

  /** From now on interruptions no longer stop anything (the rollback must run to its end). */
  enterRollback(): void {
    this.rollingBack = true;
  }

  /** `work`, unless an interruption comes first (then rejects with it; `work` is abandoned). */
  race<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.interruption && !this.rollingBack) return Promise.reject(this.interruption);
    const running = Promise.resolve().then(work);
    return this.rollingBack ? running : Promise.race([running, this.stopped]);
  }

  private fire(interruption: InstallInterrupted): void {
    if (this.interruption || this.rollingBack) {
      this.later.push(interruption.reason);
      return;
    }
    this.interruption = interruption;
    this.rejectStop?.(interruption);
  }
}
