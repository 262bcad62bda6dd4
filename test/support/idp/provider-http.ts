import type { IncomingMessage } from 'node:http';

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

export const INTERACTION_SUBMIT = /^\/interaction\/[^/]+$/;

export async function readBody(req: IncomingMessage): Promise<string> {
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
export function loginAgainPage(action: string): string {
  return `<!DOCTYPE html><html><head><title>Sign-in</title></head><body><p id="error">Invalid login or password</p>
<form autocomplete="off" action="${action}" method="post"><input type="hidden" name="prompt" value="login"/>
<input required type="text" name="login"><input required type="password" name="password">
<button type="submit">Sign-in</button></form></body></html>`;
}
