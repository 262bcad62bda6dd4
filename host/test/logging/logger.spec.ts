import { expect } from 'chai';
import { HostLogger } from '../../src/logging/logger.js';
import { redact } from '../../src/logging/redact.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl';

function capture(options: Parameters<typeof HostLogger.create>[0] = {}): { logger: HostLogger; lines: string[] } {
  const lines: string[] = [];
  return { logger: HostLogger.create({ now: () => 0, ...options, sink: (l) => lines.push(l) }), lines };
}

describe('HostLogger', () => {
  it('filters by level', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => l.split(' ')[1])).to.deep.equal(['WARN', 'ERROR']);
    expect(logger.isLevelEnabled('info')).to.equal(false);
    expect(logger.isLevelEnabled('error')).to.equal(true);
  });

  it('writes JSON lines with time, level, logger name and context', () => {
    const { logger, lines } = capture({ format: 'json' });
    logger.child('oidc', { provider: 'main' }).info('Login started', { userName: 'ann' });
    expect(JSON.parse(lines[0] as string)).to.deep.equal({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      logger: 'oidc',
      message: 'Login started',
      provider: 'main',
      userName: 'ann',
    });
  });

  it('redacts values under secret-looking keys, at any depth', () => {
    const { logger, lines } = capture({ format: 'json' });
    logger.info('x', {
      clientSecret: 'cs',
      password: 'pw',
      access_token: 'at',
      refreshToken: 'rt',
      client_assertion: 'ca',
      Authorization: 'Basic abc',
      cookie: 'sid=1',
      code_verifier: 'cv',
      code: 'auth-code',
      id_token_hint: 'hint-value-xyz',
      nested: { deeper: [{ secret: 's' }] },
      codeChallengeMethod: 'S256',
      userName: 'ann',
    });
    const out = JSON.parse(lines[0] as string) as Record<string, unknown>;
    for (const key of [
      'clientSecret',
      'password',
      'access_token',
      'refreshToken',
      'client_assertion',
      'Authorization',
      'cookie',
      'code_verifier',
      'code',
      'id_token_hint',
    ]) {
      expect(out[key], key).to.equal('[redacted]');
    }
    expect(out.nested).to.deep.equal({ deeper: [{ secret: '[redacted]' }] });
    expect(out.codeChallengeMethod).to.equal('S256');
    expect(out.userName).to.equal('ann');
    for (const secret of ['"cs"', '"pw"', 'auth-code', 'hint-value-xyz', 'Basic abc'])
      expect(lines[0]).not.to.contain(secret);
  });

  it('keeps reason codes under the key code, and still masks authorization codes there', () => {
    const { logger, lines } = capture({ format: 'json' });
    logger.warn('refused', { code: 'ERR_LOGOUT_NONCE_PRESENT', nested: { code: 'WARN_OIDC_TEAM_UNKNOWN' } });
    logger.warn('callback', { code: 'SplxlOBeZQQYbYS6WxSbIA' });
    logger.warn('odd', { code: 'ERR_lowercase-x', password: 'ERR_LOOKS_LIKE_A_CODE', clientSecret: 'WARN_X' });
    const [refused, callback, odd] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(refused).to.include({ code: 'ERR_LOGOUT_NONCE_PRESENT' });
    expect(refused?.nested).to.deep.equal({ code: 'WARN_OIDC_TEAM_UNKNOWN' });
    expect(callback).to.include({ code: '[redacted]' });
    expect(lines[1]).not.to.contain('SplxlOBeZQQYbYS6WxSbIA');
    // Only the code key is ambiguous: a secret that looks like a reason code is still a secret.
    expect(odd).to.include({ code: '[redacted]', password: '[redacted]', clientSecret: '[redacted]' });
  });

  it('masks JWT-shaped and bearer-token-shaped strings in values and in the message', () => {
    const { logger, lines } = capture();
    logger.warn(`bad token ${JWT}`, { header: `Bearer abc.def-123`, note: `got ${JWT} from IdP`, list: [JWT] });
    expect(lines[0]).not.to.contain(JWT);
    expect(lines[0]).not.to.contain('abc.def-123');
    expect(lines[0]).to.contain('Bearer [redacted]');
  });

  it('keeps ordinary words after "Bearer" and dotted non-token text', () => {
    const { logger, lines } = capture();
    logger.info('Bearer token missing', { note: 'see example.com.au and v1.2.3' });
    expect(lines[0]).to.contain('Bearer token missing').and.to.contain('example.com.au and v1.2.3');
  });

  it('logs errors by name, message and code, never their stack', () => {
    const error = Object.assign(new Error(`failed with ${JWT}`), { code: 'ERR_X' });
    expect(redact({ error })).to.deep.equal({
      error: { name: 'Error', message: 'failed with [redacted]', code: 'ERR_X' },
    });
  });

  it('survives circular context and a failing sink', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const logger = HostLogger.create({
      sink: () => {
        throw new Error('disk full');
      },
    });
    expect(() => logger.error('x', circular)).not.to.throw();
    expect(redact(circular)).to.deep.equal({ a: 1, self: '[circular]' });
  });

  it('child() prefixes names and merges fixed context', () => {
    const { logger, lines } = capture();
    logger.child('a', { one: 1 }).child('b', { two: 2 }).error('boom');
    expect(lines[0]).to.match(/ERROR \[a\.b\] boom \{"one":1,"two":2\}$/);
  });
});
