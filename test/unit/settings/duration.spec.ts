import { expect } from 'chai';
import { DurationSyntaxError, isDuration, parseDuration } from '../../../src/settings/duration.js';

describe('settings/duration: parseDuration', () => {
  const valid: Array<[string, number]> = [
    ['10 minutes', 600_000],
    ['1 minute', 60_000],
    ['30 seconds', 30_000],
    ['1 second', 1_000],
    ['1 hour', 3_600_000],
    ['2 hours', 7_200_000],
    ['2 days', 172_800_000],
    ['1 day', 86_400_000],
    ['0 seconds', 0],
    ['  5   Minutes ', 300_000],
    ['1hour', 3_600_000],
    ['600', 600_000],
    [' 0 ', 0],
  ];
  for (const [input, ms] of valid) {
    it(`parses "${input}" to ${ms} ms`, () => {
      expect(parseDuration(input)).to.equal(ms);
      expect(isDuration(input)).to.equal(true);
    });
  }

  const invalid = [
    '',
    '1 hour 30 minutes',
    'minutes',
    '10 min',
    '-1 minute',
    '1.5 hours',
    '10 minutes ago',
    '1 week',
    'ten minutes',
    '1 minute,',
  ];
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      expect(() => parseDuration(input)).to.throw(DurationSyntaxError);
      expect(isDuration(input)).to.equal(false);
    });
  }

  it('reads a bare whole number as seconds, like the host settings schema', () => {
    expect(parseDuration(600)).to.equal(600_000);
    expect(isDuration(0)).to.equal(true);
    for (const bad of [-1, 1.5, Number.NaN, 1e12]) expect(isDuration(bad), String(bad)).to.equal(false);
  });

  it('rejects other types and overlong input with DurationSyntaxError only', () => {
    expect(isDuration(null)).to.equal(false);
    expect(isDuration(['1 minute'])).to.equal(false);
    expect(() => parseDuration('1 minute '.repeat(50))).to.throw(DurationSyntaxError);
    expect(() => parseDuration('9'.repeat(10))).to.throw(DurationSyntaxError);
  });
});
