import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bootTestHost, createTempInstance, type TestHost, type TestHostOptions } from 'crm-host/testing';

/** The repository root (this file is compiled to dist/test/support). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Boots a test host with this extension installed the way the extension manager lays it out
 * (`<instance>/extensions/oidc-auth`: extension.json, metadata/, i18n/, and an entry that re-exports the
 * compiled `dist/src/index.js`), so its entities, migrations and bindings load through the real host.
 */
export async function bootOidcHost(options: TestHostOptions = {}): Promise<TestHost> {
  const instance = options.instance ?? (await createTempInstance('oidc-'));
  await installExtension(instance);
  const host = await bootTestHost({ ...options, instance });
  const cleanup = host.cleanup.bind(host);
  return Object.assign(host, {
    async cleanup(): Promise<void> {
      await cleanup();
      if (!options.instance) await instance.cleanup();
    },
  });
}

/** Lays out `<instance>/extensions/oidc-auth` as the extension manager would (entry -> compiled dist). */
export async function installExtension(instance: { readonly paths: { readonly extensions: string } }): Promise<void> {
  const dir = path.join(instance.paths.extensions, 'oidc-auth');
  await mkdir(path.join(dir, 'src'), { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'extension.json'), 'utf8')) as Record<string, unknown>;
  delete manifest['scripts'];
  await writeFile(path.join(dir, 'extension.json'), JSON.stringify(manifest, null, 2));
  const entry = pathToFileURL(path.join(repoRoot, 'dist/src/index.js')).href;
  await writeFile(path.join(dir, 'src/index.js'), `export { default } from ${JSON.stringify(entry)};\n`);
  await cp(path.join(repoRoot, 'metadata'), path.join(dir, 'metadata'), { recursive: true });
  await cp(path.join(repoRoot, 'i18n'), path.join(dir, 'i18n'), { recursive: true });
}
