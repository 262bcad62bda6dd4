import { expect } from 'chai';
import type { TestLoginReport } from '../../../../../src/oidc/test-login/drafts.js';
import { waitForReport, type DraftState } from '../../../../../src/oidc/test-login/cli/wait-for-report.js';

const REPORT = { ok: true, decision: 'existing' } as unknown as TestLoginReport;

/** A fake clock that the polls advance (no real waiting beyond the 0-1 ms pauses). */
function script(states: DraftState[], stepMs: number) {
  let t = 0;
  let polls = 0;
  return {
    now: () => t,
    poll: (): Promise<DraftState> => {
      polls++;
      t += stepMs;
      return Promise.resolve(states.shift() ?? { state: 'pending' });
    },
    polls: () => polls,
  };
}

describe('test login CLI: waiting for the report', () => {
  it('returns the report as soon as a poll finds it', async () => {
    const s = script([{ state: 'pending' }, { state: 'pending' }, { state: 'done', report: REPORT }], 100);
    const outcome = await waitForReport({ poll: s.poll, now: s.now, timeoutMs: 10_000, intervalMs: 1 });
    expect(outcome).to.deep.equal({ kind: 'report', report: REPORT });
    expect(s.polls()).to.equal(3);
  });

  it('times out after timeoutMs of pending polls, with progress along the way', async () => {
    const s = script([], 1000);
    const progress: number[] = [];
    const outcome = await waitForReport({
      poll: s.poll,
      now: s.now,
      timeoutMs: 5000,
      intervalMs: 1,
      progressEveryMs: 2000,
      onProgress: (ms) => progress.push(ms),
    });
    expect(outcome).to.deep.equal({ kind: 'timeout' });
    expect(s.polls()).to.equal(5);
    expect(progress).to.deep.equal([2000, 4000]);
  });

  it('ends with gone when the draft disappears (expired or removed)', async () => {
    const s = script([{ state: 'pending' }, { state: 'gone' }], 10);
    expect(await waitForReport({ poll: s.poll, now: s.now, timeoutMs: 10_000, intervalMs: 1 })).to.deep.equal({
      kind: 'gone',
    });
  });

  it('Ctrl-C (abort) ends a long pause at once, and an aborted signal polls nothing', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = waitForReport({
      poll: () => Promise.resolve({ state: 'pending' }),
      timeoutMs: 60_000,
      intervalMs: 30_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    expect(await waiting).to.deep.equal({ kind: 'cancelled' });
    expect(Date.now() - started).to.be.below(5000);
    let polled = false;
    const again = await waitForReport({
      poll: () => {
        polled = true;
        return Promise.resolve({ state: 'pending' });
      },
      timeoutMs: 1000,
      intervalMs: 1,
      signal: controller.signal,
    });
    expect(again).to.deep.equal({ kind: 'cancelled' });
    expect(polled).to.equal(false);
  });
});
