import { expect } from 'chai';
import { AuthToken } from '../../sdk/entities/AuthToken.js';
import type { AuthTokenManager } from '../../sdk/sessions.js';
import { TYPES } from '../../sdk/tokens.js';
import { createUser } from '../http/support/http-fixture.js';
import { bootHttpTestHost, type HttpTestHost } from '../http/support/test-host.js';
import { forEachDatabase } from '../../src/testing/index.js';
import { AuthLogRecord } from '../../sdk/entities/AuthLogRecord.js';
import type { AuthLog } from '../../sdk/sessions.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

forEachDatabase('sessions/auth-token-manager and auth-log', (db) => {
  let host: HttpTestHost;
  let tokens: AuthTokenManager;
  let userId: string;

  beforeEach(async () => {
    host = await bootHttpTestHost({ databaseUrl: await db.createUrl() });
    tokens = host.container.get<AuthTokenManager>(TYPES.AuthTokenManager);
    userId = (await createUser(host, 'alice', null)).id;
  });
  afterEach(() => host.cleanup());

  async function row(id: string): Promise<AuthToken> {
    return host.persistence.em().findOneOrFail(AuthToken, { id });
  }

  it('creates a 256-bit token and finds the session by it', async () => {
    const { token, session } = await tokens.create({ userId, method: 'Password', ipAddress: '10.0.0.1' });
    expect(Buffer.from(token, 'base64url')).to.have.length(32);
    const found = await tokens.find(token);
    expect(found?.id).to.equal(session.id);
    expect(found?.user.userName).to.equal('alice');
    expect(await tokens.find(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).to.equal(null);
    expect(await tokens.find('short')).to.equal(null);
  });

  it('ends a session after the idle timeout (authTokenMaxIdleTime)', async () => {
    await host.config.set({ authTokenMaxIdleTime: '30 minutes', authTokenLifetime: '0 seconds' });
    const { token } = await tokens.create({ userId, method: 'Password' });
    host.clock.advance(29 * MINUTE);
    expect(await tokens.find(token)).to.not.equal(null); // touches lastAccess
    host.clock.advance(29 * MINUTE);
    expect(await tokens.find(token)).to.not.equal(null);
    host.clock.advance(31 * MINUTE);
    expect(await tokens.find(token)).to.equal(null);
    host.clock.advance(-60 * MINUTE);
    expect(await tokens.find(token)).to.equal(null); // deactivated for good
  });

  it('ends a session after its lifetime however active it is (authTokenLifetime)', async () => {
    await host.config.set({ authTokenLifetime: '2 hours', authTokenMaxIdleTime: '1 hour' });
    const { token } = await tokens.create({ userId, method: 'Password' });
    for (let i = 0; i < 3; i++) {
      host.clock.advance(40 * MINUTE);
      expect(await tokens.find(token), `after ${(i + 1) * 40} min`).to.not.equal(null);
    }
    host.clock.advance(1 * MINUTE);
    expect(await tokens.find(token)).to.equal(null);
  });

  it('uses the defaults (7 days, 8 hours idle) when config has no value', async () => {
    const { token } = await tokens.create({ userId, method: 'Password' });
    host.clock.advance(8 * HOUR - MINUTE);
    expect(await tokens.find(token)).to.not.equal(null);
    host.clock.advance(8 * HOUR + MINUTE);
    expect(await tokens.find(token)).to.equal(null);
  });

  it('writes lastAccess at most once a minute', async () => {
    const { token, session } = await tokens.create({ userId, method: 'Password' });
    const created = (await row(session.id)).lastAccess.getTime();
    host.clock.advance(30_000);
    await tokens.find(token);
    expect((await row(session.id)).lastAccess.getTime()).to.equal(created);
    host.clock.advance(31_000);
    await tokens.find(token);
    expect((await row(session.id)).lastAccess.getTime()).to.equal(created + 61_000);
  });

  it('ends the sessions of a deactivated user', async () => {
    const { token } = await tokens.create({ userId, method: 'Password' });
    await host.persistence.em().nativeUpdate('User', { id: userId }, { isActive: false });
    expect(await tokens.find(token)).to.equal(null);
  });

  it('destroy returns the session once, with its IdP data', async () => {
    const { token } = await tokens.create({
      userId,
      method: 'Oidc',
      idp: { issuer: 'https://idp', sub: 's1', sid: 'sid1', idToken: 'eyJ.id.token' },
    });
    const ended = await tokens.destroy(token);
    expect(ended).to.include({
      method: 'Oidc',
      idpIssuer: 'https://idp',
      idpSid: 'sid1',
      idpSub: 's1',
      isActive: false,
    });
    expect(await tokens.destroy(token)).to.equal(null);
    expect(await tokens.idTokenOf(ended!.id)).to.equal('eyJ.id.token');
  });

  it('destroyWhere by (issuer, sid), (issuer, sub) and user; refuses an issuer-only filter', async () => {
    const other = (await createUser(host, 'bob', null)).id;
    const a = await tokens.create({ userId, method: 'Oidc', idp: { issuer: 'https://idp', sub: 'alice', sid: 'x1' } });
    const b = await tokens.create({ userId, method: 'Oidc', idp: { issuer: 'https://idp', sub: 'alice', sid: 'x2' } });
    const c = await tokens.create({
      userId: other,
      method: 'Oidc',
      idp: { issuer: 'https://idp', sub: 'bob', sid: 'x3' },
    });
    const d = await tokens.create({
      userId: other,
      method: 'Oidc',
      idp: { issuer: 'https://other', sub: 'bob', sid: 'x3' },
    });

    expect(await tokens.destroyWhere({ issuer: 'https://idp', sid: 'x1' })).to.equal(1);
    expect(await tokens.find(a.token)).to.equal(null);
    expect(await tokens.find(b.token)).to.not.equal(null);
    expect(await tokens.destroyWhere({ issuer: 'https://idp', sub: 'alice' })).to.equal(1);
    expect(await tokens.destroyWhere({ issuer: 'https://idp', userId: other })).to.equal(1);
    expect(await tokens.find(c.token)).to.equal(null);
    expect(await tokens.find(d.token)).to.not.equal(null); // other issuer untouched
    let error: unknown;
    try {
      await tokens.destroyWhere({ issuer: 'https://other' });
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).to.equal('ERR_SESSION_FILTER_TOO_BROAD');
    expect(await tokens.destroyForUser(other)).to.equal(1);
  });

  it('AuthLog writes a record with a reason code and clips long values', async () => {
    const log = host.container.get<AuthLog>(TYPES.AuthLog);
    await log.record({
      method: 'Password',
      result: 'failure',
      reasonCode: 'ERR_PASSWORD_INVALID',
      userName: 'x'.repeat(300),
      user: userId,
      ipAddress: '203.0.113.9',
    });
    const [record] = await host.persistence.em().find(AuthLogRecord, {}, { populate: ['user'] });
    expect(record).to.include({
      method: 'Password',
      result: 'failure',
      reasonCode: 'ERR_PASSWORD_INVALID',
      ipAddress: '203.0.113.9',
    });
    expect(record.userName).to.have.length(255);
    expect(record.user?.userName).to.equal('alice');
    expect(record.createdAt.getTime()).to.equal(host.clock.now());
  });
});
