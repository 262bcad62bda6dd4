import { TYPES, type Clock, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { NET_TYPES, type HttpClient } from '../../net/index.js';
import { DEFAULT_JWKS_OPTIONS, type JwksOptions } from './jwks-options.js';
import { JwksKeySource } from './jwks-source.js';

/** One {@link JwksKeySource} per (URI, options), shared by every verifier that uses it. */
@injectable()
export class JwksSourcePool {
  private readonly sources = new Map<string, JwksKeySource>();
  private readonly logger: Logger;

  constructor(
    @inject(NET_TYPES.HttpClient) private readonly http: HttpClient,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) logger: Logger,
  ) {
    this.logger = logger.child('jwt.jwks');
  }

  get(uri: string, options: Partial<JwksOptions> = {}): JwksKeySource {
    const merged: JwksOptions = { ...DEFAULT_JWKS_OPTIONS, ...options };
    const id = `${uri}\u0000${JSON.stringify(merged)}`;
    let source = this.sources.get(id);
    if (source === undefined) {
      source = new JwksKeySource(uri, merged, this.http, this.clock, this.logger);
      this.sources.set(id, source);
    }
    return source;
  }

  /** Drops every cached source (settings changed). */
  clear(): void {
    this.sources.clear();
  }
}
