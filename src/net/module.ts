import type { ContainerModuleLoadOptions } from 'inversify';
import { NodeHttpClient } from './node-http-client.js';
import { NET_TYPES } from './tokens.js';

/** Binds the bounded HTTP client (once; a later module may rebind it, e.g. to add a proxy). */
export function bindNet(options: ContainerModuleLoadOptions): void {
  if (!options.isBound(NET_TYPES.HttpClient)) options.bind(NET_TYPES.HttpClient).to(NodeHttpClient).inSingletonScope();
}
