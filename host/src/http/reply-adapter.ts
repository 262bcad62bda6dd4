import type { FastifyReply } from 'fastify';
import type { CookieOptions, HttpReply } from '../../sdk/http.js';
import { wireCookieName } from './cookie-prefix.js';

/** The SDK view of a fastify reply. Nothing is sent until a body method (`json`, `html`, ...) is called. */
export class FastifyHttpReply implements HttpReply {
  private code = 200;
  /** A body method ran: `reply.sent` turns true only after the async onSend hooks, so it is not enough. */
  private answered = false;

  constructor(
    private readonly reply: FastifyReply,
    private readonly defaultCookie: CookieOptions,
  ) {}

  get sent(): boolean {
    return this.answered || this.reply.sent;
  }

  status(code: number): HttpReply {
    this.code = code;
    return this;
  }

  header(name: string, value: string): HttpReply {
    this.reply.header(name, value);
    return this;
  }

  setCookie(name: string, value: string, options: CookieOptions = {}): HttpReply {
    const merged = { ...this.defaultCookie, ...options };
    this.reply.setCookie(wireCookieName(name, merged), value, merged);
    return this;
  }

  clearCookie(name: string, options: CookieOptions = {}): HttpReply {
    const merged = { ...this.defaultCookie, ...options };
    this.reply.clearCookie(wireCookieName(name, merged), merged);
    return this;
  }

  /** Redirects with `status`, else a 3xx set by `status()`, else 302. */
  redirect(location: string, status?: number): HttpReply {
    this.answered = true;
    this.reply.redirect(location, status ?? (this.code >= 300 && this.code < 400 ? this.code : 302));
    return this;
  }

  json(body: unknown): HttpReply {
    this.answered = true;
    this.reply
      .code(this.code)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(body ?? null));
    return this;
  }

  html(body: string): HttpReply {
    this.answered = true;
    this.reply.code(this.code).type('text/html; charset=utf-8').send(body);
    return this;
  }

  text(body: string): HttpReply {
    this.answered = true;
    this.reply.code(this.code).type('text/plain; charset=utf-8').send(body);
    return this;
  }

  /** Called after the handler: a handler that sent nothing answers 204. */
  finish(): void {
    if (!this.sent) this.reply.code(this.code === 200 ? 204 : this.code).send();
  }
}
