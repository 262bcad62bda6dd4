import { createRequire } from 'node:module';
import { check, type Diagnostics } from 'recheck';
import { scanStructure } from './regex-structure.js';

const require = createRequire(import.meta.url);
// safe-regex2 (fastify) is CommonJS with a default-style export.
const safeRegex = require('safe-regex2') as (re: RegExp | string, opts?: { limit?: number }) => boolean;

/**
 * Whether a team-mapping pattern can take super-linear time on a hostile group value (ReDoS). Two checks:
 * `recheck` (automata theory and fuzzing, off the main thread) and safe-regex2 (star height: no quantified
 * group inside a quantified group; instant).
 *
 * - At login a pattern is skipped when recheck finds it exponential or polynomial of degree 3 or more, or
 *   the structural check fails. Quadratic ones run: group values are capped at 255 characters.
 * - On save it is refused when recheck finds it vulnerable at all, cannot decide in time, or the structural
 *   check fails. So nothing a save accepts is skipped at login.
 */
export interface PatternVerdict {
  readonly safe: boolean;
  /** `exponential`, `2nd degree polynomial`, `linear`...; `unknown` when no analyser decided. */
  readonly complexity: string;
  /** The construct that backtracks, e.g. `nested quantifier (a+)+`; null when safe. */
  readonly construct: string | null;
}

interface Analysis {
  /** recheck's result; null when it could not decide (timeout, unsupported) or has not run. */
  readonly recheck: { status: 'safe' | 'vulnerable'; summary: string; degree: number; at: number | null } | null;
  readonly structural: boolean;
}

/** How long recheck may take for one pattern: saving waits for it, a login only once per pattern. */
export const PATTERN_ANALYSIS_TIMEOUT_MS = 3_000;

const analyses = new Map<string, Analysis>();
const pending = new Map<string, Promise<Analysis>>();
const MAX_ANALYSES = 4_096;

/** Runs recheck for `source` (Unicode mode) once per process; concurrent callers share the run. */
export async function analysePattern(source: string): Promise<void> {
  if (analyses.get(source)?.recheck) return;
  let running = pending.get(source);
  if (!running) {
    running = runAnalysis(source).finally(() => pending.delete(source));
    pending.set(source, running);
  }
  await running;
}

/** True when recheck has already decided `source` in this process (a login need not wait). */
export function isAnalysed(source: string): boolean {
  return analyses.get(source)?.recheck != null;
}

/** The verdict a login applies (synchronous: recheck's cached result when known, else structure only). */
export function loginVerdict(source: string): PatternVerdict {
  const analysis = analyses.get(source) ?? { recheck: null, structural: structurallySafe(source) };
  const r = analysis.recheck;
  if (r && r.status === 'vulnerable' && r.degree > 2) return unsafe(source, r.summary, r.at);
  if (!analysis.structural) return unsafe(source, 'exponential', null);
  return { safe: true, complexity: r?.summary ?? 'unknown', construct: null };
}

/** The verdict a save applies (waits for recheck, up to {@link PATTERN_ANALYSIS_TIMEOUT_MS}). */
export async function saveVerdict(source: string): Promise<PatternVerdict> {
  await analysePattern(source);
  const analysis = analyses.get(source) as Analysis;
  const r = analysis.recheck;
  if (r && r.status === 'vulnerable') return unsafe(source, r.summary, r.at);
  if (!analysis.structural) return unsafe(source, 'exponential', null);
  if (!r) {
    return {
      safe: false,
      complexity: 'unknown',
      construct: `no proof of linear time within ${PATTERN_ANALYSIS_TIMEOUT_MS / 1000} s`,
    };
  }
  return { safe: true, complexity: r.summary, construct: null };
}

function unsafe(source: string, complexity: string, at: number | null): PatternVerdict {
  return { safe: false, complexity, construct: describeConstruct(source, at) };
}

async function runAnalysis(source: string): Promise<Analysis> {
  let recheck: Analysis['recheck'] = null;
  try {
    const d: Diagnostics = await check(source, 'u', { timeout: PATTERN_ANALYSIS_TIMEOUT_MS });
    if (d.status === 'safe') recheck = { status: 'safe', summary: d.complexity.summary, degree: 1, at: null };
    else if (d.status === 'vulnerable') {
      const degree = d.complexity.type === 'polynomial' ? d.complexity.degree : Infinity;
      recheck = { status: 'vulnerable', summary: d.complexity.summary, degree, at: d.hotspot[0]?.start ?? null };
    }
  } catch {
    recheck = null;
  }
  const analysis: Analysis = { recheck, structural: structurallySafe(source) };
  if (analyses.size >= MAX_ANALYSES) analyses.delete(analyses.keys().next().value as string);
  analyses.set(source, analysis);
  return analysis;
}

/** safe-regex2: false when a quantified group holds a quantifier (star height above 1) or it does not compile. */
export function structurallySafe(source: string): boolean {
  try {
    return safeRegex(new RegExp(source, 'u'));
  } catch {
    return false;
  }
}

interface GroupSpan {
  start: number;
  /** Index after the closing parenthesis. */
  end: number;
  /** Index after the quantifier; equal to `end` when the group is not quantified. */
  quantifiedEnd: number;
}

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/;

/**
 * Names the construct that backtracks, for the admin: the innermost quantified group around `at`
 * (the analyser's hotspot), or else the first quantified group holding a quantifier or alternation:
 * `nested quantifier (a+)+`, `overlapping alternation (a|aa)+`, or `ambiguous repetition at ".*"`.
 */
export function describeConstruct(source: string, at: number | null): string {
  const groups = groupSpans(source).filter((g) => g.quantifiedEnd > g.end);
  const candidates =
    at === null
      ? groups.filter((g) => kindOf(source, g) !== null)
      : groups.filter((g) => g.start <= at && at < g.end).sort((a, b) => a.end - a.start - (b.end - b.start));
  for (const group of candidates) {
    const kind = kindOf(source, group);
    if (kind) return `${kind} ${source.slice(group.start, group.quantifiedEnd)}`;
  }
  if (at !== null) {
    const match = /^(?:\\.|\[(?:\\.|[^\]])*\]|.)(?:[*+?]|\{\d+(?:,\d*)?\})?/su.exec(source.slice(at));
    return `ambiguous repetition at "${match ? match[0] : source.slice(at, at + 1)}"`;
  }
  return 'ambiguous repetition';
}

function kindOf(source: string, group: GroupSpan): string | null {
  const inner = source.slice(group.start + 1, group.end - 1);
  const plain = inner.replace(/\\./gsu, 'x').replace(/\[(?:\\.|[^\]])*\]/gu, 'x');
  if (/[*+]|\{\d+(?:,\d*)?\}/u.test(plain)) return 'nested quantifier';
  if (plain.includes('|')) return 'overlapping alternation';
  return null;
}

function groupSpans(source: string): GroupSpan[] {
  const spans: GroupSpan[] = [];
  const open: number[] = [];
  scanStructure(source, (ch, i) => {
    if (ch === '(') {
      open.push(i);
      return;
    }
    if (ch !== ')') return;
    const start = open.pop();
    if (start === undefined) return;
    const quantifier = QUANTIFIER.exec(source.slice(i + 1));
    spans.push({ start, end: i + 1, quantifiedEnd: i + 1 + (quantifier ? quantifier[0].length : 0) });
  });
  return spans;
}
