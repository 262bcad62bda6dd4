import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JwsAlgorithm } from './algorithm.js';
import { algorithmContractProblem } from './algorithm-contract.js';
import { algorithmSelfTestProblem } from './algorithm-self-test.js';

export interface LoadedCustomAlgorithm {
  readonly file: string;
  readonly algorithm: JwsAlgorithm;
}

export interface RefusedCustomAlgorithm {
  readonly file: string;
  readonly reason: string;
}

/** `<custom>/jwt/algorithms`: where third-party algorithm classes are dropped (upgrade-safe). */
export function customAlgorithmDir(customRoot: string): string {
  return path.join(customRoot, 'jwt', 'algorithms');
}

async function loadOne(file: string): Promise<JwsAlgorithm> {
  const info = await stat(file);
  // The mtime query makes a replaced file load anew instead of from the ESM cache.
  const module = (await import(`${pathToFileURL(file).href}?v=${info.mtimeMs}`)) as { default?: unknown };
  const Cls = module.default;
  if (typeof Cls !== 'function') throw new Error('the file has no default-export class');
  let instance: unknown;
  try {
    instance = new (Cls as new () => unknown)();
  } catch (error) {
    throw new Error(`its constructor threw: ${(error as Error).message}`, { cause: error });
  }
  const problem = algorithmContractProblem(instance) ?? algorithmSelfTestProblem(instance as JwsAlgorithm);
  if (problem !== undefined) throw new Error(problem);
  return instance as JwsAlgorithm;
}

/**
 * Imports every `*.js` / `*.mjs` file of the folder (sorted by name). A file that fails to import, has no
 * default-export class or breaks the contract is returned in `refused` with the reason; the others load.
 */
export async function loadCustomAlgorithms(
  dir: string,
): Promise<{ loaded: LoadedCustomAlgorithm[]; refused: RefusedCustomAlgorithm[] }> {
  const loaded: LoadedCustomAlgorithm[] = [];
  const refused: RefusedCustomAlgorithm[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.js') || n.endsWith('.mjs')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { loaded, refused };
    throw error;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      loaded.push({ file, algorithm: await loadOne(file) });
    } catch (error) {
      refused.push({ file, reason: (error as Error).message });
    }
  }
  return { loaded, refused };
}
