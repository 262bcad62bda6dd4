import { expect } from 'chai';
import { checkEndpoint, isLoopbackHost } from '../../../src/settings/endpoint-policy.js';

describe('settings/endpoint-policy', () => {
  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLoopbackHost(host), host).to.equal(true);
    }
    for (const host of ['example.com', '128.0.0.1', '10.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '[::2]']) {
      expect(isLoopbackHost(host), host).to.equal(false);
    }
  });

  it('accepts https anywhere and http on loopback', () => {
    for (const url of [
      'https://idp.example.com/token',
      'https://idp.example.com:8443/a?b=c',
      'http://127.0.0.1:9000/token',
      'http://localhost/x',
      'http://[::1]:8080/',
    ]) {
      expect(checkEndpoint('oidcTokenEndpoint', url, { allowHttp: false }), url).to.equal(null);
    }
  });

  it('refuses http on a non-loopback host unless oidcAllowHttp', () => {
    const problem = checkEndpoint('oidcTokenEndpoint', 'http://idp.example.com/token', { allowHttp: false });
    expect(problem).to.deep.include({ setting: 'oidcTokenEndpoint', code: 'ERR_OIDC_ENDPOINT_INSECURE' });
    expect(checkEndpoint('oidcTokenEndpoint', 'http://idp.example.com/token', { allowHttp: true })).to.equal(null);
  });

  it('refuses relative URLs, other schemes, credentials and fragments', () => {
    const cases = [
      '/token',
      'idp.example.com/token',
      'ftp://idp.example.com/x',
      'javascript:alert(1)',
      'https://user:pw@idp.example.com/',
      'https://idp.example.com/x#frag',
    ];
    for (const url of cases) {
      expect(checkEndpoint('oidcJwksEndpoint', url, { allowHttp: true }), url).to.deep.include({
        setting: 'oidcJwksEndpoint',
        code: 'ERR_OIDC_ENDPOINT_INVALID',
      });
    }
  });

  it('never puts the URL into the problem (it may carry a token)', () => {
    const problem = checkEndpoint('oidcUserInfoEndpoint', 'https://user:s3cr3t@idp.example.com/', { allowHttp: false });
    expect(JSON.stringify(problem)).not.to.contain('s3cr3t');
  });
});
