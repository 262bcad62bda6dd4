import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FixtureExtension {
  name: string;
  version?: string;
  order?: number;
  /** Source of `src/index.js` (an ES module); default: an entry with an empty ContainerModule. */
  entrySource?: string;
  /** Extra files: relative path -> content (objects are written as JSON). */
  files?: Record<string, string | object>;
  manifest?: Record<string, unknown>;
}

/** Source of an entry module (ES module) exporting an extension `name` whose ContainerModule runs `body`. */
export function emptyEntry(name: string, body = ''): string {
  return `import { ContainerModule } from 'inversify';
export default { name: ${JSON.stringify(name)}, module: new ContainerModule((options) => { ${body} }) };
`;
}

/** Writes an installed extension folder `<extensionsDir>/<name>` (as the extension manager would). */
export async function writeExtension(extensionsDir: string, ext: FixtureExtension): Promise<string> {
  const dir = join(extensionsDir, ext.name);
  await mkdir(join(dir, 'src'), { recursive: true });
  const manifest = {
    name: ext.name,
    version: ext.version ?? '1.0.0',
    acceptableVersions: ['>=0.1.0'],
    order: ext.order ?? 50,
    ...ext.manifest,
  };
  await writeFile(join(dir, 'extension.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(dir, 'src', 'index.js'), ext.entrySource ?? emptyEntry(ext.name));
  for (const [rel, content] of Object.entries(ext.files ?? {})) {
    const file = join(dir, rel);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Writes a JSON (or raw text) file, creating folders. */
export async function writeFileDeep(file: string, content: string | object): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}
