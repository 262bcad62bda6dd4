import { expect } from 'chai';
import type { Clock } from 'crm-host/sdk';
import { WarnSampler } from '../../../src/oidc/warn-sampler.js';
import { RecordingLogger } from '../jwt/support/fakes.js';

describe('oidc: WarnSampler (sampled sign-in failure warnings)', () => {
  let time: number;
  const clock: Clock = { now: () => time };

  beforeEach(() => {
    time = Date.UTC(2026, 0, 1, 12);
  });

  it('writes the first line of a code per window, counts the rest and writes one summary when the next window starts', () => {
    const logger = new RecordingLogger();
    const sampler = new WarnSampler(clock, logger, 60_000);
    for (let i = 0; i < 1000; i++) {
      sampler.log('warn', 'ERR_OIDC_STATE_UNKNOWN', 'OIDC sign-in failed: unknown state', { i });
      time += 10;
    }
    sampler.log('warn', 'ERR_OIDC_TOO_MANY_STARTS', 'OIDC sign-in failed: too many', {});
    const lines = () => logger.lines.filter((e) => e.level === 'warn');
    // 1000 x 10 ms = 10 s: one window; 2 lines (one per code).
    expect(lines().map((e) => e.message)).to.deep.equal([
      'OIDC sign-in failed: unknown state',
      'OIDC sign-in failed: too many',
    ]);
    time += 60_000;
    sampler.log('warn', 'ERR_OIDC_STATE_UNKNOWN', 'OIDC sign-in failed: unknown state', {});
    const summary = lines().find((e) => e.context?.['warningCode'] === 'WARN_LOG_SAMPLED');
    expect(summary?.context).to.include({ reasonCode: 'ERR_OIDC_STATE_UNKNOWN', suppressed: 999, windowSeconds: 60 });
    expect(lines()).to.have.length(4);
  });

  it('flush() writes the summary at once and logs the next line in full', () => {
    const logger = new RecordingLogger();
    const sampler = new WarnSampler(clock, logger);
    sampler.log('error', 'unexpected:ERR_X', 'failed', {});
    sampler.log('error', 'unexpected:ERR_X', 'failed', {});
    sampler.flush();
    sampler.log('error', 'unexpected:ERR_X', 'failed', {});
    expect(logger.lines.map((e) => e.context?.['warningCode'] ?? e.message)).to.deep.equal([
      'failed',
      'WARN_LOG_SAMPLED',
      'failed',
    ]);
  });
});
