import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Container, type ContainerModule } from 'inversify';
import { HostError } from '../../sdk/errors.js';
import type { InstancePaths } from '../../sdk/instance.js';
import type { Logger } from '../../sdk/logger.js';
import { importFresh } from '../extensions/loader.js';

export interface NamedModule {
  /** For error messages: `core`, `extension:<name>`, `custom`. */
  readonly source: string;
  readonly module: ContainerModule;
}

/** Loads modules in order into a new container; a failing module is reported with its source. */
export async function buildContainer(modules: readonly NamedModule[], logger: Logger): Promise<Container> {
  const container = new Container({ defaultScope: 'Singleton' });
  for (const { source, module } of modules) {
    try {
      await container.loadAsync(module);
    } catch (error) {
      throw new HostError(
        'ERR_CONTAINER_MODULE_FAILED',
        `Bindings of ${source} failed to load: ${(error as Error).message}`,
        {
          status: 500,
          cause: error,
        },
      );
    }
    logger.debug('Container module loaded', { source });
  }
  return container;
}

/** The default-exported ContainerModule of `<root>/custom/bindings.js`, if the file exists. */
export async function loadCustomBindings(paths: InstancePaths): Promise<ContainerModule | null> {
  const file = join(paths.custom, 'bindings.js');
  if (!existsSync(file)) return null;
  let mod: Record<string, unknown>;
  try {
    mod = await importFresh(file);
  } catch (error) {
    throw new HostError(
      'ERR_CUSTOM_BINDINGS_INVALID',
      `custom/bindings.js could not be imported: ${(error as Error).message}`,
      {
        status: 500,
        cause: error,
      },
    );
  }
  const module = mod.default as ContainerModule | undefined;
  if (typeof module !== 'object' || module === null || typeof module.load !== 'function') {
    throw new HostError(
      'ERR_CUSTOM_BINDINGS_INVALID',
      'custom/bindings.js must default-export an inversify ContainerModule',
      {
        status: 500,
      },
    );
  }
  return module;
}
