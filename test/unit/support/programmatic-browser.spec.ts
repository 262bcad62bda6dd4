import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { CookieJar } from '../../support/browser/cookie-jar.js';
import { parseForms } from '../../support/browser/html-forms.js';
import { ProgrammaticBrowser } from '../../support/browser/programmatic-browser.js';

describe('support: programmatic browser', function () {
  describe('cookie jar', function () {
    const url = new URL('http://127.0.0.1:4000/interaction/abc');

    it('honours Path, Max-Age over Expires, and deletes on empty value or past expiry', function () {
      const jar = new CookieJar();
      const now = Date.parse('2030-01-01T00:00:00Z');
      jar.store(
        url,
        [
          '_interaction=u1; path=/interaction/abc; httponly; samesite=lax',
          'sess=s1; Path=/; Max-Age=60; Expires=Wed, 01 Jan 2020 00:00:00 GMT',
          'scoped=1',
        ],
        now,
      );
      expect(jar.cookiesFor(url, now).map((c) => c.name)).to.deep.equal(['_interaction', 'scoped', 'sess']);
      expect(jar.cookiesFor(new URL('http://127.0.0.1:4000/interactionX'), now).map((c) => c.name)).to.deep.equal([
        'sess',
      ]);
      jar.store(url, ['_interaction=; path=/interaction/abc'], now);
      jar.store(url, ['scoped=1; Expires=Wed, 01 Jan 2020 00:00:00 GMT'], now);
      expect(jar.cookiesFor(url, now).map((c) => c.name)).to.deep.equal(['sess']);
      expect(jar.cookiesFor(url, now + 61_000)).to.deep.equal([]);
    });

    it('partitions by origin by default and by host on request', function () {
      const other = 'http://127.0.0.1:5000/';
      const byOrigin = new CookieJar();
      byOrigin.set(url, 'a', '1');
      expect(byOrigin.get(other, 'a')).to.equal(undefined);
      const byHost = new CookieJar('host');
      byHost.set(url, 'a', '1');
      expect(byHost.get(other, 'a')).to.equal('1');
    });
  });

  it('parses forms with entities, hidden fields and the form attribute of oidc-provider pages', function () {
    const [form] = parseForms(
      '<form id="op.logoutForm" method="post" action="http://x/session/end/confirm?a=1&amp;b=2"><input type="hidden" name="xsrf" value="a&#x2F;b&quot;"/></form>',
    );
    expect(form).to.deep.equal({
      id: 'op.logoutForm',
      action: 'http://x/session/end/confirm?a=1&b=2',
      method: 'POST',
      fields: { xsrf: 'a/b"' },
    });
  });

  it('keeps method and body on 307, follows 302/303 as GET, carries cookies, and records the chain', async function () {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} cookie=${req.headers.cookie ?? ''} body=${body}`);
        if (req.url === '/start')
          res.writeHead(307, { location: '/keep', 'set-cookie': 'tx=1; Path=/; HttpOnly' }).end();
        else if (req.url === '/keep') res.writeHead(302, { location: '/post-here' }).end();
        else if (req.url === '/post-here') res.writeHead(303, { location: '/done' }).end();
        else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = new ProgrammaticBrowser();
    try {
      const result = await browser.navigate(`${base}/start`, { method: 'POST', form: { a: '1' } });
      expect(seen).to.deep.equal([
        'POST /start cookie= body=a=1',
        'POST /keep cookie=tx=1 body=a=1',
        'GET /post-here cookie=tx=1 body=',
        'GET /done cookie=tx=1 body=',
      ]);
      expect(result.chain.map((u) => new URL(u).pathname)).to.deep.equal(['/start', '/keep', '/post-here', '/done']);
      expect(result.response?.json).to.deep.equal({ ok: true });
      const stopped = await browser.navigate(`${base}/start`, { stopAt: (u) => u.endsWith('/post-here') });
      expect(stopped.stoppedAt).to.equal(`${base}/post-here`);
      const loop = await browser.navigate(`${base}/loop`, { maxSteps: 5 }).catch((err: Error) => err);
      expect((loop as Error).message).to.match(/did not settle after 5 requests/);
    } finally {
      browser.close();
      server.close();
    }
  });
});
