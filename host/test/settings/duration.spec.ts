import { expect } from 'chai';
import { parseDuration } from '../../src/settings/duration.js';

describe('settings/duration', () => {
  it('reads units, singular and plural', () => {
    expect(parseDuration('30 seconds')).to.equal(30_000);
    expect(parseDuration('1 minute')).to.equal(60_000);
    expect(parseDuration('10 minutes')).to.equal(600_000);
    expect(parseDuration('1 hour')).to.equal(3_600_000);
    expect(parseDuration('2 days')).to.equal(172_800_000);
    expect(parseDuration('0 seconds')).to.equal(0);
  });

  it('reads bare integers as seconds', () => {
    expect(parseDuration(3600)).to.equal(3_600_000);
    expect(parseDuration('90')).to.equal(90_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'ten minutes', '5 weeks', '-1 day', '1.5 hours', 1.5, -3, null, {}, '1 hour 2 minutes']) {
      expect(parseDuration(bad), String(bad)).to.equal(null);
    }
  });
});
