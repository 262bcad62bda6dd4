import type { ServiceIdentifier } from 'inversify';
import type { ConfigService } from '../../sdk/config.js';
import type { ServiceResolver } from '../../sdk/extension.js';
import type { SiteUrl } from '../../sdk/instance.js';
import type { CookieOptions } from '../../sdk/http.js';
import type { LoginMethod } from '../../sdk/login-method.js';
import type { Clock, Logger } from '../../sdk/logger.js';
import type { I18nService, MetadataService } from '../../sdk/metadata.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { AuthLog, AuthTokenManager } from '../../sdk/sessions.js';
import { TYPES } from '../../sdk/tokens.js';
import type { Host } from '../app/host.js';
import { PortalService } from '../portals/portal-service.js';
import { SETTINGS_SERVICE } from '../container/core-module.js';
import type { SettingsService } from '../settings/settings-service.js';
import { ensureHttpBindings } from './core-module.js';
import { CsrfTokens } from './csrf.js';
import { LoginAttemptLimiter } from './rate-limiter.js';

const systemClock: Clock = { now: () => Date.now() };

/** What the server and the core routes share: resolved once per app. */
export class HttpContext {
  readonly services: ServiceResolver;
  readonly config: ConfigService;
  readonly metadata: MetadataService;
  readonly i18n: I18nService;
  readonly logger: Logger;
  readonly persistence: Persistence;
  readonly clock: Clock;
  readonly tokens: AuthTokenManager;
  readonly authLog: AuthLog;
  readonly csrf: CsrfTokens;
  readonly settings: SettingsService;
  readonly loginLimiter: LoginAttemptLimiter;
  readonly portals: PortalService;

  constructor(readonly host: Host) {
    const container = host.container;
    this.services = {
      get: <T>(id: ServiceIdentifier<T>) => container.get<T>(id),
      getAll: <T>(id: ServiceIdentifier<T>) => container.getAll<T>(id, { optional: true }),
      isBound: (id: ServiceIdentifier) => container.isBound(id),
    };
    this.config = host.config;
    this.metadata = host.metadata;
    this.i18n = host.i18n;
    this.logger = host.logger.child('http');
    this.persistence = host.persistence;
    this.clock = container.isBound(TYPES.Clock) ? container.get<Clock>(TYPES.Clock) : systemClock;
    const added = ensureHttpBindings(container);
    if (added.length > 0)
      this.logger.debug(
        'HTTP core bindings added at server start (boot with withHttp() to load them before extensions)',
        { added },
      );
    this.tokens = container.get<AuthTokenManager>(TYPES.AuthTokenManager);
    this.authLog = container.get<AuthLog>(TYPES.AuthLog);
    this.csrf = new CsrfTokens(host.config);
    this.settings = container.get<SettingsService>(SETTINGS_SERVICE);
    this.loginLimiter = new LoginAttemptLimiter(host.persistence, this.clock, host.config);
    this.portals = new PortalService(host.persistence);
  }

  /** The configured public URL (never derived from a request). */
  siteUrl(): string {
    if (this.services.isBound(TYPES.SiteUrl)) return this.services.get<SiteUrl>(TYPES.SiteUrl).get();
    const fromConfig = this.config.get<string>('siteUrl');
    return typeof fromConfig === 'string' && fromConfig ? fromConfig.replace(/\/+$/, '') : '';
  }

  /** Defaults of every cookie the host sets: HttpOnly, SameSite=Lax, Secure when siteUrl is https. */
  cookieDefaults(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', path: '/', secure: this.siteUrl().startsWith('https://') };
  }

  loginMethods(): LoginMethod[] {
    return this.services.getAll<LoginMethod>(TYPES.LoginMethod);
  }

  loginMethod(name: string): LoginMethod | undefined {
    // Later bindings win (an extension or custom/ may replace a method).
    return this.loginMethods()
      .filter((m) => m.name === name)
      .pop();
  }

  /** The name of the configured authentication method (config `authenticationMethod`, default Password). */
  activeMethodName(): string {
    const name = this.config.get<string>('authenticationMethod', 'Password');
    return typeof name === 'string' && name ? name : 'Password';
  }
}
