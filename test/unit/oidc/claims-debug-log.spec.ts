import { expect } from 'chai';
import { HostLogger } from 'crm-host/internal/logging/logger';
import { ClaimsDebugLog, maskClaims } from '../../../src/oidc/claims-debug-log.js';
import type { VerifiedJwt } from '../../../src/jwt/verifier.js';

const CLAIMS = {
  sub: 'u1',
  email: 'u1@example.test',
  address: { street_address: 'Main St 1', country: 'DE' },
  groups: ['a', 'b'],
  __proto__member: 1,
};

describe('oidc: ClaimsDebugLog', () => {
  it('maskClaims masks top-level claims and dotted paths, leaves the input untouched', () => {
    const input = JSON.parse(JSON.stringify(CLAIMS)) as Record<string, unknown>;
    const out = maskClaims(input, ['email', 'address.street_address', 'missing', 'groups.0', 'sub.x']);
    expect(out).to.deep.equal({
      sub: 'u1',
      email: '[masked]',
      address: { street_address: '[masked]', country: 'DE' },
      groups: ['a', 'b'],
      __proto__member: 1,
    });
    expect(input['email']).to.equal('u1@example.test');
    expect(maskClaims(input, ['address'])['address']).to.equal('[masked]');
  });

  it('masks a literal "__proto__" claim as a plain member', () => {
    const input = JSON.parse('{"sub":"u1","__proto__":{"admin":true}}') as Record<string, unknown>;
    const out = maskClaims(input, ['__proto__']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).to.equal('[masked]');
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
  });

  function logWith(level: 'debug' | 'info', masked: unknown): { lines: string[]; log: ClaimsDebugLog } {
    const lines: string[] = [];
    const logger = HostLogger.create({ level, format: 'json', sink: (l) => lines.push(l) });
    const config = { get: (key: string) => (key === 'oidcLogMaskedClaims' ? masked : undefined) } as never;
    return { lines, log: new ClaimsDebugLog(logger, config) };
  }

  const token = {
    header: { alg: 'RS256', kid: 'k1', typ: 'JWT', jku: 'https://attacker.example/jwks' },
    payload: CLAIMS,
  } as unknown as VerifiedJwt;

  it('logs header alg/kid/typ and masked claims at debug; the default mask when unset', () => {
    const { lines, log } = logWith('debug', undefined);
    log.idToken(token, { test: true });
    log.userInfo({ sub: 'u1', phone_number: '+1 555', name: 'U One' });
    const [id, userinfo] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(id).to.include({ logger: 'oidc.claims', message: 'ID token claims', testLogin: true });
    expect(id?.['header']).to.deep.equal({ alg: 'RS256', kid: 'k1', typ: 'JWT' });
    expect((id?.['claims'] as Record<string, unknown>)['email']).to.equal('[masked]');
    expect((id?.['claims'] as Record<string, unknown>)['address']).to.equal('[masked]');
    expect(userinfo?.['claims']).to.deep.equal({ sub: 'u1', phone_number: '[masked]', name: 'U One' });
  });

  it('writes nothing below debug, and ignores a malformed setting', () => {
    const quiet = logWith('info', ['email']);
    quiet.log.idToken(token);
    quiet.log.userInfo({ sub: 'u1' });
    expect(quiet.lines).to.deep.equal([]);
    const odd = logWith('debug', 'email');
    expect(odd.log.maskedClaims()).to.deep.equal([]);
    expect(logWith('debug', ['email', 3, '']).log.maskedClaims()).to.deep.equal(['email']);
  });
});
