import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HostError } from '../../sdk/errors.js';
import { describeError, extensionError } from './errors.js';
import { processAlive } from './lock.js';
import type { ProgressEvent } from './manager-deps.js';

/** What an install or uninstall left behind when it failed. */
export type JobOutcome = 'nothing-changed' | 'rolled-back' | 'rollback-incomplete';

export interface ExtensionJob {
  readonly id: string;
  readonly kind: 'install' | 'uninstall';
  /** The extension (name and version when known: from the package preview or the installed record). */
  readonly extension: string;
  readonly version: string | null;
  /** The user name of the admin who started it. */
  readonly by: string;
  readonly pid: number;
  readonly startedAt: string;
  /** `lost`: the process running it is gone (killed); its next start rolls a half-done install back. */
  state: 'running' | 'done' | 'failed' | 'lost';
  finishedAt: string | null;
  /** The progress lines, as the CLI prints them. */
  readonly lines: ProgressEvent[];
  result: Record<string, unknown> | null;
  error: {
    code: string;
    message: string;
    i18nKey: string | undefined;
    /** The step that failed (its id, e.g. `afterInstall`), or null before the first step. */
    step: string | null;
    outcome: JobOutcome;
  } | null;
}

const JOB_ID = /^[a-f0-9]{32}$/;
/** Job files are kept a day, for the page that polls them. */
const JOB_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Install and uninstall jobs started from the admin UI, one JSON file each in `<data>/tmp/extension-jobs/`:
 * any host process of the instance can answer a poll, not only the one running the job.
 */
export class ExtensionJobs {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'tmp', 'extension-jobs');
  }

  /** Starts `work` in the background and returns the job (already saved with state `running`). */
  async start(
    init: Pick<ExtensionJob, 'kind' | 'extension' | 'version' | 'by'>,
    work: (progress: (event: ProgressEvent) => void) => Promise<Record<string, unknown>>,
    onEnd: (job: ExtensionJob) => void = () => {},
  ): Promise<ExtensionJob> {
    await this.sweep();
    const job: ExtensionJob = {
      ...init,
      id: randomBytes(16).toString('hex'),
      pid: process.pid,
      startedAt: new Date().toISOString(),
      state: 'running',
      finishedAt: null,
      lines: [],
      result: null,
      error: null,
    };
    await this.save(job);
    let writes = Promise.resolve();
    const persist = (): Promise<void> => (writes = writes.then(() => this.save(job)).catch(() => {}));
    const progress = (event: ProgressEvent): void => {
      job.lines.push({ kind: event.kind, step: event.step, message: event.message });
      void persist();
    };
    void (async () => {
      try {
        job.result = await work(progress);
        job.state = 'done';
      } catch (error) {
        job.state = 'failed';
        job.error = jobError(error, job.lines);
      }
      job.finishedAt = new Date().toISOString();
      await persist();
      onEnd(job);
    })();
    return job;
  }

  /** The job of `id` (state `lost` when its process no longer runs); throws ERR_EXTENSION_JOB_NOT_FOUND. */
  async read(id: string): Promise<ExtensionJob> {
    const text = JOB_ID.test(id) ? await readFile(this.file(id), 'utf8').catch(() => null) : null;
    if (text === null) throw extensionError('JOB_NOT_FOUND', 'No such extension install or uninstall job');
    const job = JSON.parse(text) as ExtensionJob;
    if (job.state === 'running' && !processAlive(job.pid, new Date(job.startedAt))) job.state = 'lost';
    return job;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private async save(job: ExtensionJob): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${this.file(job.id)}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(job), { mode: 0o600 });
    await rename(temp, this.file(job.id));
  }

  private async sweep(now = Date.now()): Promise<void> {
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const info = await stat(path.join(this.dir, name)).catch(() => null);
      if (info && now - info.mtimeMs > JOB_MAX_AGE_MS) await rm(path.join(this.dir, name), { force: true });
    }
  }
}

const ROLLED_BACK_CODES = new Set([
  'ERR_EXTENSION_INSTALL_FAILED',
  'ERR_EXTENSION_INSTALL_INTERRUPTED',
  'ERR_EXTENSION_UNINSTALL_FAILED',
]);

function jobError(error: unknown, lines: readonly ProgressEvent[]): NonNullable<ExtensionJob['error']> {
  const step = [...lines].reverse().find((line) => line.kind === 'step')?.step ?? null;
  if (!HostError.is(error)) {
    return {
      code: 'ERR_INTERNAL',
      message: describeError(error),
      i18nKey: 'Global.messages.internalError',
      step,
      outcome: 'nothing-changed',
    };
  }
  const outcome: JobOutcome = !ROLLED_BACK_CODES.has(error.code)
    ? 'nothing-changed'
    : error.message.includes('Rollback incomplete')
      ? 'rollback-incomplete'
      : 'rolled-back';
  return { code: error.code, message: error.message, i18nKey: error.i18nKey, step, outcome };
}
