import type { ConfigService, ConfigValue, LifecycleScriptContext, Logger, Persistence } from 'crm-host/sdk';

export { RecordingLogger } from '../jwt/support/fakes.js';

/** An in-memory ConfigService that records every `set` call. */
export class MemoryConfig implements ConfigService {
  readonly values = new Map<string, ConfigValue>();
  readonly writes: Array<Record<string, ConfigValue | undefined>> = [];

  constructor(initial: Record<string, ConfigValue> = {}) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }
  get<T extends ConfigValue = ConfigValue>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  has(key: string): boolean {
    return this.values.has(key);
  }
  snapshot(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }
  async set(values: Record<string, ConfigValue | undefined>): Promise<void> {
    this.writes.push(values);
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) this.values.delete(k);
      else this.values.set(k, v);
    }
  }
  async refresh(): Promise<void> {}
  levelOf(): 'admin' {
    return 'admin';
  }
}

export function scriptContext(
  root: string,
  config: ConfigService,
  logger: Logger,
  overrides: Partial<LifecycleScriptContext> = {},
): LifecycleScriptContext {
  return {
    extensionName: 'oidc-auth',
    version: '0.1.0',
    isUpgrade: false,
    previousVersion: null,
    paths: { root, data: `${root}/data`, custom: `${root}/custom`, extensions: `${root}/extensions` },
    persistence: {} as Persistence,
    config,
    logger,
    ...overrides,
  };
}
