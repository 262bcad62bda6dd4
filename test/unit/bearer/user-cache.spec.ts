import { expect } from 'chai';
import { User, type Clock } from 'crm-host/sdk';
import { BearerUserCache } from '../../../src/bearer/user-cache.js';

class ManualClock implements Clock {
  time = 1_000_000;
  now(): number {
    return this.time;
  }
}

const user = (id: string): User => Object.assign(new User(), { id, userName: id });

describe('bearer/user-cache: identity -> user for a few seconds', () => {
  let clock: ManualClock;
  let cache: BearerUserCache;
  beforeEach(() => {
    clock = new ManualClock();
    cache = new BearerUserCache(clock, { ttlMs: 10_000, maxEntries: 3 });
  });

  it('serves an entry until its TTL, then forgets it', () => {
    const u = user('u1');
    cache.set('iss', 'a', u);
    clock.time += 9_999;
    expect(cache.get('iss', 'a')).to.equal(u);
    clock.time += 1;
    expect(cache.get('iss', 'a')).to.equal(undefined);
    expect(cache.size).to.equal(0);
  });

  it('keys by issuer and sub', () => {
    cache.set('iss-1', 'a', user('u1'));
    expect(cache.get('iss-2', 'a')).to.equal(undefined);
    expect(cache.get('iss-1', 'b')).to.equal(undefined);
  });

  it('drops entries by user (session ended) and by identity (back-channel logout)', () => {
    cache.set('iss', 'a', user('u1'));
    cache.set('iss2', 'a', user('u1'));
    cache.set('iss', 'b', user('u2'));
    cache.forgetUser('u1');
    expect(cache.size).to.equal(1);
    cache.forgetIdentity('iss', 'b');
    expect(cache.size).to.equal(0);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    for (const sub of ['a', 'b', 'c', 'd']) cache.set('iss', sub, user(sub));
    expect(cache.size).to.equal(3);
    expect(cache.get('iss', 'a')).to.equal(undefined);
    expect(cache.get('iss', 'd')?.id).to.equal('d');
  });
});
