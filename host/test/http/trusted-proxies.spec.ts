import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { AuthLogRecord } from '../../sdk/entities/AuthLogRecord.js';
import { buildHttpApp } from '../../src/http/server.js';
import { parseTrustedProxies } from '../../src/http/trusted-proxies.js';
import { bootHttpTestHost, type HttpTestHost } from './support/test-host.js';

describe('http: trusted proxies (X-Forwarded-For)', () => {
  describe('parseTrustedProxies', () => {
    it('accepts addresses, CIDR ranges and "loopback"; empty means none', () => {
      expect(parseTrustedProxies(undefined)).to.deep.equal([]);
      expect(parseTrustedProxies(' ')).to.deep.equal([]);
      expect(parseTrustedProxies('10.0.0.5, 10.1.0.0/16,fd00::/8')).to.deep.equal([
        '10.0.0.5',
        '10.1.0.0/16',
        'fd00::/8',
      ]);
      expect(parseTrustedProxies('loopback')).to.deep.equal(['127.0.0.1/8', '::1/128']);
    });

    for (const bad of ['proxy.example.com', '10.0.0.0/33', '::1/129', '10.0.0.1/8/9', '10.0.0', '*']) {
      it(`refuses "${bad}" with ERR_TRUSTED_PROXY_INVALID`, () => {
        expect(() => parseTrustedProxies(`10.0.0.1,${bad}`))
          .to.throw(/not an IP address, a CIDR range or "loopback"/)
          .with.property('code', 'ERR_TRUSTED_PROXY_INVALID');
      });
    }
  });

  describe('the address the host sees (failed sign-ins are logged with it)', () => {
    let host: HttpTestHost;
    const apps: FastifyInstance[] = [];
    before(async () => {
      host = await bootHttpTestHost();
    });
    after(async () => {
      for (const app of apps) await app.close();
      await host?.cleanup();
    });

    async function loggedAddress(trustedProxies: string[], remoteAddress: string): Promise<string | null> {
      const app = await buildHttpApp(host, { trustedProxies });
      apps.push(app);
      await host.persistence.knex()('auth_log_records').del();
      const answer = await app.inject({
        method: 'POST',
        url: '/api/v1/App/login',
        remoteAddress,
        headers: { 'x-forwarded-for': '203.0.113.7' },
        payload: { userName: 'nobody', password: 'wrong-password' },
      });
      expect(answer.statusCode).to.equal(401);
      const [record] = await host.persistence.em().find(AuthLogRecord, {});
      return record?.ipAddress ?? null;
    }

    it('by default the socket address is the client: a forwarded address is ignored', async () => {
      expect(await loggedAddress([], '127.0.0.1')).to.equal('127.0.0.1');
    });

    it('from a trusted proxy, the forwarded client address is used', async () => {
      expect(await loggedAddress(['127.0.0.1'], '127.0.0.1')).to.equal('203.0.113.7');
      expect(await loggedAddress(parseTrustedProxies('10.0.0.0/8'), '10.2.3.4')).to.equal('203.0.113.7');
    });

    it('from an address outside the trusted list, the header is ignored (no spoofing)', async () => {
      expect(await loggedAddress(['10.0.0.0/8'], '198.51.100.9')).to.equal('198.51.100.9');
    });
  });
});
