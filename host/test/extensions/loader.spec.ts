import { lstat, mkdtemp, readlink, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { HostError } from '../../sdk/errors.js';
import { instancePaths } from '../../src/app/instance.js';
import {
  discoverInstalled,
  ensureModuleResolution,
  hostNodeModules,
  importExtensionEntry,
} from '../../src/extensions/loader.js';
import { HostLogger } from '../../src/logging/logger.js';
import { createTempInstance, type TempInstance } from '../../src/testing/index.js';
import { emptyEntry, writeExtension } from '../../src/testing/index.js';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

describe('extension loader', () => {
  let instance: TempInstance;
  beforeEach(async () => {
    instance = await createTempInstance();
  });
  afterEach(async () => instance?.cleanup());

  describe('discoverInstalled', () => {
    it('lists valid extensions by order, then name, and skips broken folders with a log line', async () => {
      await writeExtension(instance.paths.extensions, { name: 'bbb-ext', order: 5 });
      await writeExtension(instance.paths.extensions, { name: 'aaa-ext', order: 50 });
      await writeExtension(instance.paths.extensions, { name: 'ccc-ext', order: 50 });
      await mkdir(join(instance.paths.extensions, 'no-manifest'));
      await mkdir(join(instance.paths.extensions, 'bad-json'));
      await writeFile(join(instance.paths.extensions, 'bad-json', 'extension.json'), '{ nope');
      await writeExtension(instance.paths.extensions, { name: 'bad-version', manifest: { version: 'one.two' } });
      await writeExtension(instance.paths.extensions, { name: 'wrong-folder', manifest: { name: 'other-name' } });
      const lines: string[] = [];
      const found = await discoverInstalled(instance.paths, HostLogger.create({ sink: (l) => lines.push(l) }));
      expect(found.map((f) => f.manifest.name)).to.deep.equal(['bbb-ext', 'aaa-ext', 'ccc-ext']);
      expect(lines).to.have.length(4);
      expect(lines.join('\n')).to.contain('Extension folder skipped').and.to.contain('not a semantic version');
    });
  });

  describe('importExtensionEntry', () => {
    it('returns the default export of a valid entry', async () => {
      const dir = await writeExtension(instance.paths.extensions, { name: 'good-ext' });
      const [installed] = await discoverInstalled(instance.paths);
      const entry = await importExtensionEntry(dir, installed!.manifest);
      expect(entry.name).to.equal('good-ext');
      expect(typeof entry.module.load).to.equal('function');
    });

    it('imports a replaced entry file anew in the same process (ESM cache busting)', async () => {
      const dir = await writeExtension(instance.paths.extensions, {
        name: 'versioned-ext',
        entrySource: `${emptyEntry('versioned-ext')}export const version = 1;\n`,
      });
      const [installed] = await discoverInstalled(instance.paths);
      const first = await importExtensionEntry(dir, installed!.manifest);
      await writeFile(
        join(dir, 'src', 'index.js'),
        `import { ContainerModule } from 'inversify';\nexport default { name: 'versioned-ext', marker: 2, module: new ContainerModule(() => {}) };\n`,
      );
      const second = await importExtensionEntry(dir, installed!.manifest);
      expect(first).not.to.equal(second);
      expect((second as unknown as { marker: number }).marker).to.equal(2);
    });

    for (const [title, source, fragment] of [
      ['no default export', 'export const x = 1;', 'no default export'],
      ['a wrong name', emptyEntry('someone-else'), 'expected "broken-ext"'],
      ['no ContainerModule', "export default { name: 'broken-ext', module: 42 };", 'no ContainerModule'],
      ['a syntax error', 'export default {', 'could not be imported'],
      [
        'a start that is not a function',
        "import { ContainerModule } from 'inversify'; export default { name: 'broken-ext', module: new ContainerModule(() => {}), start: 'go' };",
        '`start` is not a function',
      ],
    ] as const) {
      it(`refuses an entry with ${title} (ERR_EXTENSION_ENTRY_INVALID)`, async () => {
        const dir = await writeExtension(instance.paths.extensions, { name: 'broken-ext', entrySource: source });
        const [installed] = await discoverInstalled(instance.paths);
        const error = await rejection(importExtensionEntry(dir, installed!.manifest));
        expect(HostError.is(error) && error.code).to.equal('ERR_EXTENSION_ENTRY_INVALID');
        expect((error as Error).message).to.contain(fragment);
      });
    }
  });

  describe('ensureModuleResolution', () => {
    it('lets an extension of an instance OUTSIDE the repository import crm-host/sdk and inversify', async () => {
      const outside = await mkdtemp(join(tmpdir(), 'crm-outside-'));
      try {
        const paths = instancePaths(outside);
        const dir = await writeExtension(paths.extensions, {
          name: 'outside-ext',
          entrySource: `import { ContainerModule } from 'inversify';
import { TYPES, HostError } from 'crm-host/sdk';
export default { name: 'outside-ext', module: new ContainerModule(() => {}), sdk: { TYPES, HostError } };
`,
        });
        await ensureModuleResolution(paths);
        await ensureModuleResolution(paths); // idempotent
        const link = join(outside, 'node_modules');
        expect((await lstat(link)).isSymbolicLink()).to.equal(true);
        expect(await readlink(link)).to.equal(hostNodeModules());
        const [installed] = await discoverInstalled(paths);
        const entry = (await importExtensionEntry(dir, installed!.manifest)) as unknown as {
          sdk: { HostError: unknown };
        };
        // The extension sees the host's own SDK module (same class), not a copy.
        expect(entry.sdk.HostError).to.equal(HostError);
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    });

    it('leaves a real node_modules folder of the instance alone', async () => {
      const outside = await mkdtemp(join(tmpdir(), 'crm-outside-'));
      try {
        await mkdir(join(outside, 'node_modules'));
        await ensureModuleResolution(instancePaths(outside));
        expect((await lstat(join(outside, 'node_modules'))).isDirectory()).to.equal(true);
      } finally {
        await rm(outside, { recursive: true, force: true });
      }
    });
  });
});
