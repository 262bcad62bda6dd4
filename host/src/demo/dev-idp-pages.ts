// Small HTML and body helpers of the dev IdP.
import type { IncomingMessage } from 'node:http';

export async function readFormBody(req: IncomingMessage, limit = 16 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The devInteractions login form again, saying the login was wrong (same field names as oidc-provider's). */
export function devIdpLoginPage(action: string, failed: boolean): string {
  const error = failed ? '<p id="error" role="alert">Unknown user or wrong password.</p>' : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign-in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem">
<h1>Demo IdP sign-in</h1>${error}
<form autocomplete="off" action="${action.replace(/[^A-Za-z0-9/_-]/g, '')}" method="post">
<input type="hidden" name="prompt" value="login">
<p><input required type="text" name="login" placeholder="Enter any login" autofocus></p>
<p><input required type="password" name="password" placeholder="and password"></p>
<button type="submit">Sign-in</button></form></body></html>`;
}
