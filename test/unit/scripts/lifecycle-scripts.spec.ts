import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import afterInstall from '../../../scripts/after-install.js';
import afterUninstall from '../../../scripts/after-uninstall.js';
import beforeInstall from '../../../scripts/before-install.js';
import beforeUninstall from '../../../scripts/before-uninstall.js';
import { MemoryConfig, RecordingLogger, scriptContext } from './fakes.js';

describe('oidc-auth lifecycle scripts', () => {
  let root: string;
  const settingsFile = () => path.join(root, 'extensions', 'oidc-auth', 'metadata', 'entityDefs', 'Settings.json');
  const writeSettings = async (fields: Record<string, unknown>) => {
    await mkdir(path.dirname(settingsFile()), { recursive: true });
    await writeFile(settingsFile(), JSON.stringify({ fields }));
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'oidc-scripts-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  describe('afterInstall', () => {
    it('writes the metadata defaults of unset oidc* settings and keeps values already set', async () => {
      await writeSettings({
        oidcScopes: { type: 'array', default: ['openid', 'profile', 'email'] },
        oidcAllowRegularUserFallback: { type: 'bool', default: false },
        oidcClientId: { type: 'varchar', default: 'should-not-win' },
        oidcClientSecret: { type: 'password' },
        authenticationMethod: { type: 'enum', default: 'Oidc' },
      });
      const config = new MemoryConfig({ oidcClientId: 'crm' });
      await afterInstall(scriptContext(root, config, new RecordingLogger()));
      expect(config.snapshot()).to.deep.equal({
        oidcClientId: 'crm',
        oidcScopes: ['openid', 'profile', 'email'],
        oidcAllowRegularUserFallback: false,
      });
    });

    it('is idempotent: a second run (e.g. an upgrade) writes nothing', async () => {
      await writeSettings({ oidcScopes: { default: ['openid'] } });
      const config = new MemoryConfig();
      await afterInstall(scriptContext(root, config, new RecordingLogger()));
      await afterInstall(
        scriptContext(root, config, new RecordingLogger(), { isUpgrade: true, previousVersion: '0.1.0' }),
      );
      expect(config.writes).to.deep.equal([{ oidcScopes: ['openid'] }]);
    });

    it('handles metadata without Settings defaults yet', async () => {
      const config = new MemoryConfig();
      const logger = new RecordingLogger();
      await afterInstall(scriptContext(root, config, logger));
      expect(config.writes).to.deep.equal([]);
      expect(logger.lines.map((l) => l.message)).to.deep.equal(['all settings already have values']);
    });

    it('fails loudly on a Settings.json that is not JSON (the install then rolls back)', async () => {
      await mkdir(path.dirname(settingsFile()), { recursive: true });
      await writeFile(settingsFile(), '{ broken');
      let failed = false;
      await Promise.resolve(afterInstall(scriptContext(root, new MemoryConfig(), new RecordingLogger()))).catch(
        () => (failed = true),
      );
      expect(failed).to.equal(true);
    });
  });

  describe('afterUninstall', () => {
    it('switches authenticationMethod from Oidc back to Password and logs it', async () => {
      const config = new MemoryConfig({ authenticationMethod: 'Oidc' });
      const logger = new RecordingLogger();
      await afterUninstall(scriptContext(root, config, logger));
      expect(config.get('authenticationMethod')).to.equal('Password');
      expect(logger.lines.filter((l) => l.level === 'warn')).to.have.length(1);
      await afterUninstall(scriptContext(root, config, logger));
      expect(config.writes).to.have.length(1);
    });

    it('leaves any other method alone', async () => {
      for (const method of ['Password', 'Ldap']) {
        const config = new MemoryConfig({ authenticationMethod: method });
        await afterUninstall(scriptContext(root, config, new RecordingLogger()));
        expect(config.writes, method).to.deep.equal([]);
      }
    });
  });

  describe('beforeUninstall and beforeInstall', () => {
    it('beforeUninstall warns about the fallback on a real uninstall only, and changes nothing', async () => {
      const config = new MemoryConfig({ authenticationMethod: 'Oidc' });
      const logger = new RecordingLogger();
      await beforeUninstall(scriptContext(root, config, logger, { isUpgrade: true, previousVersion: '0.1.0' }));
      expect(logger.lines).to.deep.equal([]);
      await beforeUninstall(scriptContext(root, config, logger));
      expect(logger.lines.map((l) => l.level)).to.deep.equal(['warn']);
      expect(config.writes).to.deep.equal([]);
    });

    it('beforeInstall accepts this runtime (JWK import and Headers present) and logs the upgrade', async () => {
      const logger = new RecordingLogger();
      await beforeInstall(
        scriptContext(root, new MemoryConfig(), logger, { isUpgrade: true, previousVersion: '0.0.9' }),
      );
      expect(logger.lines.map((l) => l.message)).to.deep.equal(['upgrading oidc-auth from 0.0.9 to 0.1.0']);
    });
  });
});
