import { ProgrammaticBrowser } from '../../test/support/browser/programmatic-browser.js';

export interface PhaseOptions {
  /** Concurrent simulated browsers. */
  readonly browsers: number;
  /** Full logins per browser. */
  readonly logins: number;
  /** The RP's login start URL. */
  readonly startUrl: string;
  /** IdP account of browser `i`. */
  readonly account: (browser: number) => string;
  /** Whether the final page proves a session; returns the reason when it does not. */
  readonly check: (browser: ProgrammaticBrowser, final: { status: number; url: string; body: string }) => string | null;
}

export interface PhaseResult {
  readonly latenciesMs: number[];
  readonly wallMs: number;
  readonly failures: string[];
}

/**
 * N browsers, each running M full logins back to back; cookies are cleared before every login so each
 * one is complete (transaction, IdP login form, code, callback, session), not an IdP SSO shortcut.
 */
export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.browsers }, async (_v, b) => {
      const browser = new ProgrammaticBrowser({ timeoutMs: 30_000 });
      try {
        for (let i = 0; i < options.logins; i++) {
          browser.cookies.clear();
          const t0 = performance.now();
          try {
            const result = await browser.login(options.startUrl, { login: options.account(b) });
            const final = result.response ?? { status: 0, url: '', body: '' };
            const problem = options.check(browser, final);
            if (problem) failures.push(problem);
            else latenciesMs.push(performance.now() - t0);
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
          }
        }
      } finally {
        browser.close();
      }
    }),
  );
  return { latenciesMs, wallMs: performance.now() - started, failures };
}

/** The q-quantile (nearest rank) of unsorted values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
