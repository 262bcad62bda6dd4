/**
 * A small in-process Host for the HTTP, sessions and settings tests: real MikroORM on an in-memory libsql
 * database with the host entities, in-memory config, metadata and i18n read from host/resources (plus
 * test overlays). It implements the `Host` contract of src/app/host.ts.
 */
import { MikroORM } from '@mikro-orm/libsql';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import type { ConfigLevel, ConfigService, ConfigValue } from '../../../sdk/config.js';
import { HOST_ENTITIES } from '../../../sdk/entities/index.js';
import type { Clock, Logger, LogLevel } from '../../../sdk/logger.js';
import type { I18nService, MetadataService } from '../../../sdk/metadata.js';
import type { Persistence } from '../../../sdk/persistence.js';
import { TYPES } from '../../../sdk/tokens.js';
import type { Host } from '../../../src/app/host.js';
import { httpCoreModule } from '../../../src/http/core-module.js';

const RESOURCES = fileURLToPath(new URL('../../../../resources/', import.meta.url));

type Tree = Record<string, unknown>;

export function deepMerge(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)) {
      deepMerge(current as Tree, value as Tree);
    } else if (Array.isArray(value) && value[0] === '__APPEND__') {
      target[key] = [...(Array.isArray(current) ? current : []), ...structuredClone(value.slice(1))];
    } else {
      target[key] = structuredClone(value);
    }
  }
  return target;
}

function readTree(dir: string): Tree {
  const tree: Tree = {};
  for (const area of readdirSync(dir)) {
    const areaDir = path.join(dir, area);
    if (!statSync(areaDir).isDirectory()) continue;
    const node: Tree = {};
    for (const file of readdirSync(areaDir).filter((f) => f.endsWith('.json'))) {
      node[file.slice(0, -5)] = JSON.parse(readFileSync(path.join(areaDir, file), 'utf8'));
    }
    tree[area] = node;
  }
  return tree;
}

export class MemoryMetadata implements MetadataService {
  private tree: Tree;
  constructor(overlay: Tree = {}) {
    this.tree = deepMerge(readTree(path.join(RESOURCES, 'metadata')), overlay);
  }
  get<T = unknown>(p: string | readonly string[], fallback?: T): T | undefined {
    let node: unknown = this.tree;
    for (const key of typeof p === 'string' ? p.split('.') : p) {
      if (node === null || typeof node !== 'object') return fallback;
      node = (node as Tree)[key];
    }
    return node === undefined ? fallback : (node as T);
  }
  all(): Readonly<Tree> {
    return this.tree;
  }
  /** Test helper: merge more metadata in (a new tree object, like a rebuild). */
  extend(overlay: Tree): void {
    this.tree = deepMerge(structuredClone(this.tree), overlay);
  }
}

export class MemoryI18n implements I18nService {
  private readonly data: Record<string, Tree>;
  constructor(overlay: Record<string, Tree> = {}) {
    this.data = readTree(path.join(RESOURCES, 'i18n')) as Record<string, Tree>;
    for (const [lang, tree] of Object.entries(overlay)) this.data[lang] = deepMerge(this.data[lang] ?? {}, tree);
  }
  translate(scope: string, category: string, key: string, language = 'en_US'): string {
    const pick = (lang: string) => ((this.data[lang]?.[scope] as Tree | undefined)?.[category] as Tree | undefined)?.[key];
    const value = pick(language) ?? pick('en_US');
    return typeof value === 'string' ? value : key;
  }
  language(language: string): Readonly<Tree> {
    return deepMerge(structuredClone(this.data.en_US ?? {}), this.data[language] ?? {});
  }
  languages(): string[] {
    return Object.keys(this.data);
  }
}

export class MemoryConfig implements ConfigService {
  readonly values = new Map<string, ConfigValue>();
  /** Number of successful `set` calls (tests prove that a refused save wrote nothing). */
  writes = 0;
  constructor(private readonly metadata: MetadataService) {}
  get<T extends ConfigValue = ConfigValue>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : fallback;
  }
  has(key: string): boolean {
    return this.values.has(key);
  }
  snapshot(level: Exclude<ConfigLevel, 'secret'>): Record<string, unknown> {
    const order: ConfigLevel[] = ['public', 'user', 'admin'];
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.values) {
      const keyLevel = this.levelOf(key);
      if (keyLevel === 'secret') {
        if (level === 'admin') out[key] = { isSet: true };
      } else if (order.indexOf(keyLevel) <= order.indexOf(level)) out[key] = value;
    }
    return out;
  }
  async set(values: Record<string, ConfigValue | undefined>): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) this.values.delete(key);
      else this.values.set(key, structuredClone(value));
    }
    this.writes++;
  }
  async refresh(): Promise<void> {}
  levelOf(key: string): ConfigLevel {
    return this.metadata.get<ConfigLevel>(['app', 'config', key, 'level']) ?? 'admin';
  }
}

export class ManualClock implements Clock {
  constructor(public time = Date.UTC(2026, 0, 1, 12)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export class MemoryLogger implements Logger {
  constructor(readonly lines: string[] = [], private readonly prefix = '') {}
  private write(level: LogLevel, message: string, context?: Record<string, unknown>): void {
    this.lines.push(`${level} ${this.prefix}${message} ${context ? JSON.stringify(context) : ''}`);
  }
  debug(m: string, c?: Record<string, unknown>): void { this.write('debug', m, c); }
  info(m: string, c?: Record<string, unknown>): void { this.write('info', m, c); }
  warn(m: string, c?: Record<string, unknown>): void { this.write('warn', m, c); }
  error(m: string, c?: Record<string, unknown>): void { this.write('error', m, c); }
  isLevelEnabled(): boolean { return true; }
  child(prefix: string): Logger { return new MemoryLogger(this.lines, `${this.prefix}${prefix}: `); }
}

export interface MiniHost extends Host {
  readonly config: MemoryConfig;
  readonly metadata: MemoryMetadata;
  readonly clock: ManualClock;
  readonly logLines: string[];
}

export async function bootMiniHost(options: { metadata?: Tree; i18n?: Record<string, Tree> } = {}): Promise<MiniHost> {
  const orm = await MikroORM.init({ dbName: ':memory:', entities: [...HOST_ENTITIES], debug: false, allowGlobalContext: false });
  await orm.schema.createSchema();
  const persistence: Persistence = {
    platform: 'sqlite',
    em: () => orm.em.fork(),
    transactional: (fn) => orm.em.fork().transactional(fn),
    knex: () => (orm.em as unknown as SqlEntityManager).getKnex(),
  };
  const metadata = new MemoryMetadata(options.metadata);
  const i18n = new MemoryI18n(options.i18n);
  const config = new MemoryConfig(metadata);
  const logLines: string[] = [];
  const logger = new MemoryLogger(logLines);
  const clock = new ManualClock();
  const container = new Container();
  container.bind(TYPES.Config).toConstantValue(config);
  container.bind(TYPES.Metadata).toConstantValue(metadata);
  container.bind(TYPES.I18n).toConstantValue(i18n);
  container.bind(TYPES.Logger).toConstantValue(logger);
  container.bind(TYPES.Clock).toConstantValue(clock);
  container.bind(TYPES.Persistence).toConstantValue(persistence);
  container.load(httpCoreModule());
  return {
    paths: { root: '/nonexistent', data: '/nonexistent/data', custom: '/nonexistent/custom', extensions: '/nonexistent/extensions' },
    container,
    orm,
    persistence,
    config,
    metadata,
    i18n,
    logger,
    clock,
    logLines,
    extensions: [],
    rebuildResources: async () => {},
    close: () => orm.close(true),
  };
}
