/** `source` of the failure rows past the per-window budget (stored with a null address). */
export const OVERFLOW_SOURCE = '*';

/** Distinct keys remembered per window at most (memory bound even with a budget of 0 = unlimited). */
const MAX_KEYS = 100_000;

/**
 * How many distinct failure rows this process opened in the current window of the authentication log. A
 * flood from many addresses would otherwise open one row per address; past the budget, failures are
 * counted in one overflow row per method and reason. In memory and per process: with N processes the
 * bound is N times the budget.
 */
export class FailureRowBudget {
  private window = -1;
  private readonly keys = new Set<string>();

  /** Whether `key` may have its own row in the window starting at `windowStart` (0 budget: unlimited). */
  admit(windowStart: number, key: string, budget: number): boolean {
    if (windowStart !== this.window) {
      this.window = windowStart;
      this.keys.clear();
    }
    if (this.keys.has(key)) return true;
    const cap = budget > 0 ? budget : MAX_KEYS;
    if (this.keys.size >= cap) return false;
    this.keys.add(key);
    return true;
  }
}
