import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/** The one entry of the host an extension may import. */
export const HOST_SDK_SPECIFIER = 'crm-host/sdk';

export interface BoundaryViolation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Why `specifier`, imported from `file` inside `srcRoot`, crosses the boundary; null when allowed. */
export function classify(specifier: string, file: string, srcRoot: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = path.resolve(path.dirname(file), specifier);
    const rel = path.relative(srcRoot, target);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return 'relative import leaves src/';
    return null;
  }
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return null;
  if (specifier === HOST_SDK_SPECIFIER) return null;
  if (specifier === 'crm-host' || specifier.startsWith('crm-host/'))
    return `host internals: only ${HOST_SDK_SPECIFIER} may be imported`;
  if (specifier.startsWith('#')) return 'package subpath imports may reach host internals';
  return null;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTs(full));
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

/** Every import in the TypeScript/JavaScript files under `srcRoot` that reaches into the host. */
export function findBoundaryViolations(srcRoot: string): BoundaryViolation[] {
  const violations: BoundaryViolation[] = [];
  for (const file of listTs(srcRoot)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of IMPORT_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const specifier = match[1] as string;
        const reason = classify(specifier, file, srcRoot);
        if (reason)
          violations.push({
            file: path.relative(srcRoot, file),
            line: lineOf(text, match.index ?? 0),
            specifier,
            reason,
          });
      }
    }
  }
  return violations;
}
