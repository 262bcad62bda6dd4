import type { ConfigLevel } from '../../sdk/config.js';
import type { MetadataService } from '../../sdk/metadata.js';
import { isPlainObject } from '../metadata/merge.js';
import { isConfigLevel, type ConfigLevelSource } from './config-service.js';

/** Config levels declared in metadata `app.config.<key>.level`. */
export class MetadataConfigLevels implements ConfigLevelSource {
  constructor(private readonly metadata: MetadataService) {}

  levelOf(key: string): ConfigLevel | undefined {
    const level = this.metadata.get(['app', 'config', key, 'level']);
    return isConfigLevel(level) ? level : undefined;
  }

  declaredKeys(): string[] {
    const all = this.metadata.get(['app', 'config']);
    return isPlainObject(all) ? Object.keys(all).filter((k) => this.levelOf(k) !== undefined) : [];
  }
}
