import { ContainerModule, type Container } from 'inversify';
import type { BootOptions } from '../app/host.js';
import type { LoginMethod } from '../../sdk/login-method.js';
import type { AuthLog, AuthTokenManager } from '../../sdk/sessions.js';
import { TYPES } from '../../sdk/tokens.js';
import { DbAuthLog } from '../sessions/auth-log.js';
import { DbAuthTokenManager } from '../sessions/auth-token-manager.js';
import { PasswordLoginMethod } from './password-login-method.js';

/**
 * Core bindings of sessions and HTTP: `AuthTokenManager`, `AuthLog` and the built-in `Password` login
 * method. Pass it as `BootOptions.extraCoreModules` (loaded right after the core bindings, so extensions
 * and custom/ may rebind).
 */
export function httpCoreModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<AuthTokenManager>(TYPES.AuthTokenManager).to(DbAuthTokenManager).inSingletonScope();
    bind<AuthLog>(TYPES.AuthLog).to(DbAuthLog).inSingletonScope();
    bind<LoginMethod>(TYPES.LoginMethod).to(PasswordLoginMethod).inSingletonScope();
  });
}

/** Boot options with the HTTP core module first among `extraCoreModules` (for `crm-host start` and tests). */
export function withHttp<T extends Partial<BootOptions>>(options: T): T & { extraCoreModules: ContainerModule[] } {
  return { ...options, extraCoreModules: [httpCoreModule(), ...(options.extraCoreModules ?? [])] };
}

/**
 * For a host booted without `httpCoreModule()` (e.g. a CLI that calls plain `bootHost`): binds what is
 * missing, never replacing a binding an extension or custom/ made. Returns the names bound.
 */
export function ensureHttpBindings(container: Container): string[] {
  const bound: string[] = [];
  if (!container.isBound(TYPES.AuthTokenManager)) {
    container.bind<AuthTokenManager>(TYPES.AuthTokenManager).to(DbAuthTokenManager).inSingletonScope();
    bound.push('AuthTokenManager');
  }
  if (!container.isBound(TYPES.AuthLog)) {
    container.bind<AuthLog>(TYPES.AuthLog).to(DbAuthLog).inSingletonScope();
    bound.push('AuthLog');
  }
  const methods = container.getAll<LoginMethod>(TYPES.LoginMethod, { optional: true });
  if (!methods.some((m) => m.name === 'Password')) {
    container.bind<LoginMethod>(TYPES.LoginMethod).to(PasswordLoginMethod).inSingletonScope();
    bound.push('LoginMethod:Password');
  }
  return bound;
}
