import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstancePaths } from '../../sdk/instance.js';
import { instancePaths } from '../app/instance.js';

/** The repository root: the nearest folder above the host package whose package.json has workspaces. */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  let hostDir: string | undefined;
  while (dirname(dir) !== dir) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; workspaces?: unknown };
      if (json.workspaces) return dir;
      if (json.name === 'crm-host') hostDir ??= dir;
    }
    dir = dirname(dir);
  }
  if (hostDir) return hostDir;
  throw new Error('crm-host/testing: cannot find the repository root');
}

export interface TempInstance {
  readonly root: string;
  readonly paths: InstancePaths;
  /** Removes the folder (also done at process exit when forgotten). */
  cleanup(): Promise<void>;
}

const pending = new Set<string>();
let exitHookInstalled = false;

function removeAtExit(dir: string): void {
  pending.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    if (process.env.CRM_KEEP_TMP) return;
    for (const d of pending) rmSync(d, { recursive: true, force: true });
  });
}

/**
 * A fresh instance folder under `<repo>/.tmp/instances/` (inside the repository, so that bare imports
 * from its extensions/ and custom/ resolve to the repository's node_modules), with data/, custom/ and
 * extensions/ created.
 */
export async function createTempInstance(prefix = 'inst-'): Promise<TempInstance> {
  const base = join(repositoryRoot(), '.tmp', 'instances');
  mkdirSync(base, { recursive: true });
  const root = await mkdtemp(join(base, prefix));
  removeAtExit(root);
  return {
    root,
    paths: instancePaths(root),
    async cleanup(): Promise<void> {
      pending.delete(root);
      if (!process.env.CRM_KEEP_TMP) await rm(root, { recursive: true, force: true });
    },
  };
}
