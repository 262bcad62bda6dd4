import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The static UI (`host/web`), next to `host/dist` in the package. */
export const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));
/** The dynamic-logic evaluator, shared with the server as compiled JS. */
const DYNAMIC_LOGIC_JS = fileURLToPath(new URL('../settings/dynamic-logic.js', import.meta.url));

const PAGES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/home': 'home.html',
  '/admin/settings': 'admin-settings.html',
  '/admin/auth-log': 'auth-log.html',
  '/admin/portals': 'admin-portals.html',
  '/admin/teams': 'admin-teams.html',
  '/admin/users': 'admin-users.html',
  '/admin/extensions': 'admin-extensions.html',
};

/** `/admin/records/<Name>`: the generic page of records an extension declares (metadata `adminRecords`). */
const RECORDS_PAGE = /^\/admin\/records\/[A-Za-z][A-Za-z0-9]{0,63}$/;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** One file name under `/static/`: no folders, no dot files, a known extension. */
const STATIC_NAME = /^\/static\/([a-z0-9][a-z0-9_-]*\.(?:js|css|svg|png|ico))$/;

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** The file a GET of `urlPath` serves, or null. Paths come from a fixed table or a strict pattern. */
export async function staticFile(urlPath: string): Promise<StaticFile | null> {
  let file: string | undefined;
  if (Object.prototype.hasOwnProperty.call(PAGES, urlPath)) file = path.join(WEB_ROOT, PAGES[urlPath]);
  else if (RECORDS_PAGE.test(urlPath)) file = path.join(WEB_ROOT, 'admin-records.html');
  else if (urlPath === '/static/dynamic-logic.js') file = DYNAMIC_LOGIC_JS;
  else {
    const name = STATIC_NAME.exec(urlPath)?.[1];
    if (name) file = path.join(WEB_ROOT, 'static', name);
  }
  if (!file) return null;
  const cached = cache.get(file);
  if (cached) return cached;
  try {
    const found = { body: await readFile(file), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' };
    cache.set(file, found);
    return found;
  } catch {
    return null;
  }
}

/**
 * Files already read, by path. The UI ships with the package and only changes with an upgrade (which
 * restarts the host), so each file is read once instead of on every page view. Bounded by the fixed page
 * table and the files present under `web/static`.
 */
const cache = new Map<string, StaticFile>();
