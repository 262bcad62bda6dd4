import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full garbage collection, MiB. */
export function settledHeapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** The slowest single case a fuzz run may take before it counts as a hang, ms. */
export const HANG_MS = 2_000;

/** Heap growth (MiB, after GC) a fuzz run may show before it counts as unbounded memory. */
export const HEAP_GROWTH_LIMIT_MB = 64;

/** Tallies outcomes by rejection code. */
export class Tally {
  readonly counts = new Map<string, number>();
  cases = 0;
  slowestMs = 0;

  add(label: string, ms: number): void {
    this.cases++;
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    if (ms > this.slowestMs) this.slowestMs = ms;
  }

  /** `ERR_JWT_MALFORMED 512, ACCEPT 3, ...`, most frequent first. */
  summary(): string {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  }
}
