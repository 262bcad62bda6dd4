import type { BootOptions, Host } from '../app/host.js';
import type { CliRuntime, HttpServerHandle } from './environment.js';
import type { ExtensionManagerDeps } from '../extensions/manager-deps.js';

// INTERIM until host-core (boot, migrator, loader) and http (server) land on main: the modules are
// loaded by a computed specifier so that this file compiles before they exist.
async function load<T>(relative: string): Promise<T> {
  const specifier = new URL(relative, import.meta.url).href;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    throw new Error(`${relative} is not available yet: ${(error as Error).message}`, { cause: error });
  }
}

export const defaultRuntime: CliRuntime = {
  async bootHost(options: BootOptions): Promise<Host> {
    const mod = await load<{ bootHost(o: BootOptions): Promise<Host> }>('../app/boot.js');
    return mod.bootHost(options);
  },
  managerDeps(): ExtensionManagerDeps {
    throw new Error('extension manager wiring lands with host-core');
  },
  async startHttpServer(host, options): Promise<HttpServerHandle> {
    const mod = await load<{ startHttpServer(h: Host, o: { port: number; hostname: string }): Promise<HttpServerHandle> }>('../http/server.js');
    return mod.startHttpServer(host, options);
  },
  async migrate(): Promise<string[]> {
    throw new Error('migrate lands with host-core');
  },
};
