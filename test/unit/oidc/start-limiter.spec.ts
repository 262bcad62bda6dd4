import { expect } from 'chai';
import { DEFAULT_FLOW_OPTIONS } from '../../../src/oidc/flow-options.js';
import { LoginStartLimiter } from '../../../src/oidc/start-limiter.js';

describe('oidc: login start limiter', () => {
  it('allows maxStartsPerIpPerMinute starts per address and minute, each address on its own', () => {
    let now = 1_000_000;
    const limiter = new LoginStartLimiter({ now: () => now }, { ...DEFAULT_FLOW_OPTIONS, maxStartsPerIpPerMinute: 3 });
    expect([1, 2, 3, 4].map(() => limiter.allow('10.0.0.1'))).to.deep.equal([true, true, true, false]);
    expect(limiter.allow('10.0.0.2')).to.equal(true);
    now += 60_000;
    expect(limiter.allow('10.0.0.1')).to.equal(true);
  });

  it('0 turns the limit off', () => {
    const limiter = new LoginStartLimiter({ now: () => 0 }, { ...DEFAULT_FLOW_OPTIONS, maxStartsPerIpPerMinute: 0 });
    for (let i = 0; i < 1000; i++) expect(limiter.allow('10.0.0.1')).to.equal(true);
  });
});
