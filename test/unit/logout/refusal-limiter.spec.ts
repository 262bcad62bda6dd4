import { expect } from 'chai';
import type { Clock } from 'crm-host/sdk';
import { RefusalLimiter } from '../../../src/logout/refusal-limiter.js';

describe('logout/refusal-limiter: refused back-channel requests per client IP', () => {
  const clock: Clock & { time: number } = { time: 0, now: () => clock.time };
  beforeEach(() => (clock.time = 1_000_000));

  it('limits an IP after maxRefusals within the window, then frees it', () => {
    const limiter = new RefusalLimiter(clock, { maxRefusals: 3, windowMs: 60_000, maxKeys: 10 });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfterSec('1.2.3.4')).to.equal(0);
      limiter.recordRefusal('1.2.3.4');
      clock.time += 1000;
    }
    expect(limiter.retryAfterSec('1.2.3.4')).to.equal(57);
    expect(limiter.retryAfterSec('5.6.7.8'), 'other IPs are not affected').to.equal(0);
    clock.time += 57_000;
    expect(limiter.retryAfterSec('1.2.3.4')).to.equal(0);
  });

  it('tracks at most maxKeys IPs', () => {
    const limiter = new RefusalLimiter(clock, { maxRefusals: 1, windowMs: 60_000, maxKeys: 2 });
    for (const ip of ['a', 'b', 'c']) limiter.recordRefusal(ip);
    expect(limiter.retryAfterSec('a')).to.equal(0);
    expect(limiter.retryAfterSec('c')).to.be.above(0);
  });
});
