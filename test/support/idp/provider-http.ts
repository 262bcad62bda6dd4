import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdpAccount } from './idp-types.js';

let quietUsers = 0;
let restoreConsole: (() => void) | undefined;

/**
 * Hides oidc-provider's console WARNING/NOTICE lines (Node 20 runtime, devInteractions, default pages: all
 * expected in tests) while at least one quiet IdP is running; other console output is untouched.
 */
export function hideProviderNotices(): () => void {
  if (quietUsers++ === 0) {
    const { warn, info } = console;
    const filter =
      (original: (...args: unknown[]) => void) =>
      (...args: unknown[]): void => {
        if (typeof args[0] === 'string' && /oidc-provider (WARNING|NOTICE)/.test(args[0])) return;
        original(...args);
      };
    console.warn = filter(warn);
    console.info = filter(info);
    restoreConsole = () => {
      console.warn = warn;
      console.info = info;
    };
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--quietUsers === 0) restoreConsole?.();
  };
}

const INTERACTION_SUBMIT = /^\/interaction\/[^/]+$/;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 56 * 1024) throw new Error('request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The devInteractions login form again, with an error (unknown login or wrong password). */
function loginAgainPage(action: string): string {
  return `<!DOCTYPE html><html><head><title>Sign-in</title></head><body><p id="error">Invalid login or password</p>
<form autocomplete="off" action="${action}" method="post"><input type="hidden" name="prompt" value="login"/>
<input required type="text" name="login"><input required type="password" name="password">
<button type="submit">Sign-in</button></form></body></html>`;
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RequestHandlerInputs {
  origin: string;
  /** Issuer path without a trailing slash ('' when the issuer is the origin). */
  mount: string;
  accounts: Map<string, IdpAccount>;
  /** The current provider's Koa callback (it changes on restart). */
  callback: () => (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** External absolute path -> oidc-provider route below the mount (from `endpointPaths`). */
  aliases?: ReadonlyMap<string, string>;
}

/** Rewrites a request for an aliased endpoint path to oidc-provider's own route below the mount. */
function applyAlias(req: IncomingMessage, inputs: RequestHandlerInputs): void {
  const raw = req.url ?? '/';
  const cut = raw.indexOf('?');
  const target = inputs.aliases?.get(cut < 0 ? raw : raw.slice(0, cut));
  if (target) req.url = `${inputs.mount}${target}${cut < 0 ? '' : raw.slice(cut)}`;
}

/**
 * The IdP's HTTP entry: mounts oidc-provider below the issuer path and checks devInteractions logins
 * against the accounts (and their password, if set) before oidc-provider accepts any login name.
 */
export function createRequestHandler(inputs: RequestHandlerInputs): NodeHandler {
  const { origin, mount, accounts } = inputs;
  return (req, res) => {
    applyAlias(req, inputs);
    if (mount) {
      // oidc-provider derives its mount path from req.originalUrl
      const raw = req.url ?? '/';
      if (raw !== mount && !raw.startsWith(`${mount}/`) && !raw.startsWith(`${mount}?`)) {
        res.writeHead(404).end();
        return;
      }
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = raw;
      req.url = raw.slice(mount.length) || '/';
    }
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method !== 'POST' || !INTERACTION_SUBMIT.test(path)) {
      void inputs.callback()(req, res);
      return;
    }
    readBody(req)
      .then((body) => {
        const form = new URLSearchParams(body);
        const account = accounts.get(form.get('login') ?? '');
        const wrong = !account || (account.password !== undefined && account.password !== form.get('password'));
        if (form.get('prompt') === 'login' && wrong) {
          res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
            .end(loginAgainPage(`${mount}${path}`));
          return;
        }
        (req as IncomingMessage & { body?: string }).body = body; // oidc-provider reads a pre-read body from req.body
        void inputs.callback()(req, res);
      })
      .catch(() => res.writeHead(400).end());
  };
}
