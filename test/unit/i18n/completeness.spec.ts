// i18n completeness: every language defines the same keys (host UI and extension), with the same
// placeholders, and every key the code or the metadata uses is defined.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_ERRORS } from 'crm-host/internal/extensions/errors';
import { JWT_ERROR_STATUS } from '../../../src/jwt/errors.js';
import { BEARER_ERRORS } from '../../../src/bearer/errors.js';
import { LOGOUT_ERRORS } from '../../../src/logout/errors.js';
import { NET_ERROR_CODES } from '../../../src/net/errors.js';
import { DISCOVERY_WARNINGS } from '../../../src/oidc/client/discovery-warnings.js';
import { OIDC_CLIENT_ERRORS } from '../../../src/oidc/client/errors.js';
import { denialI18nKey, PROVISIONING_DENIALS, PROVISIONING_WARNINGS } from '../../../src/provisioning/errors.js';
import { OIDC_SETTINGS_ERRORS } from '../../../src/settings/errors.js';
import { repoRoot } from '../jwt/support/fakes.js';
import { pathToFileURL } from 'node:url';

const LANGUAGES = ['en_US', 'de_DE', 'fr_FR', 'es_ES'];
const LAYERS = ['host/resources/i18n', 'i18n'];
const CODE_DIRS = ['src', 'host/src', 'host/sdk', 'host/web'];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function readJson(file: string): Json {
  return JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Json;
}

/** `Scope.category.key` -> text for one language of one layer (nested option maps joined with dots). */
function flatten(prefix: string, node: Json, out: Map<string, Json>): void {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) flatten(prefix ? `${prefix}.${key}` : key, value, out);
  } else out.set(prefix, node);
}

function languageKeys(layer: string, language: string): Map<string, Json> {
  const out = new Map<string, Json>();
  const dir = path.join(repoRoot, layer, language);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    flatten(file.replace(/\.json$/, ''), readJson(path.join(layer, language, file)), out);
  }
  return out;
}

const placeholders = (text: Json): string[] =>
  typeof text === 'string' ? [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort() : [];

/** Every key any language of any layer defines (languages merge over layers, as the host does). */
function definedKeys(): Set<string> {
  const all = new Set<string>();
  for (const layer of LAYERS)
    for (const language of LANGUAGES) for (const k of languageKeys(layer, language).keys()) all.add(k);
  return all;
}

function sourceFiles(dir: string): string[] {
  const abs = path.join(repoRoot, dir);
  const out: string[] = [];
  for (const entry of readdirSync(abs)) {
    const rel = path.join(dir, entry);
    if (statSync(path.join(repoRoot, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|js|html)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const SCOPES = '(?:Global|Login|Settings|OidcClient|Oidc|Cli|Extension)';
const CATEGORIES =
  '(?:labels|messages|fields|tooltips|options|warnings|errors|errorHints|idpErrors|logout|bearer|testLogin)';
/** Literal keys such as 'Settings.messages.fieldIsRequired'. */
const LITERAL_KEY = new RegExp(`['"\`](${SCOPES}\\.${CATEGORIES}\\.[A-Za-z0-9_]+)['"\`]`, 'g');
/** Web UI calls such as t('Login', 'labels', 'Sign in'). */
const T_CALL = /\bt\(\s*'([A-Za-z]+)',\s*'([a-z]+)',\s*'([^']+)'/g;
/** Keys built at run time from a code or a registry entry: each pattern must be listed below. */
const TEMPLATE_KEY = new RegExp(`\`(${SCOPES}\\.${CATEGORIES}\\.)\\$\\{`, 'g');

/** The registries behind each run-time key pattern: what keys it can produce. */
const DYNAMIC_KEYS: Record<string, () => string[]> = {
  'Oidc.errors.': () => [...Object.keys(JWT_ERROR_STATUS), ...NET_ERROR_CODES].map((c) => `Oidc.errors.${c}`),
  // denialI18nKey (provisioning) and the login page's ERR_OIDC_* convention (host/web/static/error-codes.js)
  'Oidc.messages.': () =>
    Object.keys(PROVISIONING_DENIALS).map((d) => denialI18nKey(d as keyof typeof PROVISIONING_DENIALS)),
  'OidcClient.messages.': () =>
    Object.values(OIDC_CLIENT_ERRORS).map((e) => `OidcClient.messages.${(e as { key: string }).key}`),
  'OidcClient.warnings.': () => Object.keys(DISCOVERY_WARNINGS).map((c) => `OidcClient.warnings.${c}`),
  'Oidc.bearer.': () => Object.keys(BEARER_ERRORS).map((c) => `Oidc.bearer.${c}`),
  'Oidc.logout.': () => Object.keys(LOGOUT_ERRORS).map((c) => `Oidc.logout.${c}`),
  'Extension.messages.': () => Object.values(EXTENSION_ERRORS).map((e) => `Extension.messages.${e.key}`),
  // Login.messages.<code>: the password route's own codes are literal elsewhere; a method's refusal codes
  // resolve through the login page's lookup chain (checked below).
  'Login.messages.': () => [],
  // authError(code, message, status, key) in dispatch.ts: the keys are literal arguments.
  'Global.messages.': () => [],
};

function usedKeys(): { keys: Map<string, string>; templates: Set<string> } {
  const keys = new Map<string, string>();
  const templates = new Set<string>();
  for (const file of CODE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const m of text.matchAll(LITERAL_KEY)) keys.set(m[1], file);
    for (const m of text.matchAll(T_CALL)) keys.set(`${m[1]}.${m[2]}.${m[3]}`, file);
    for (const m of text.matchAll(TEMPLATE_KEY)) templates.add(m[1]);
  }
  const dispatch = readFileSync(path.join(repoRoot, 'host/src/http/dispatch.ts'), 'utf8');
  for (const m of dispatch.matchAll(/authError\([^;]*?'([a-zA-Z]+)'\)/gs))
    keys.set(`Global.messages.${m[1]}`, 'dispatch.ts');
  for (const [pattern, produce] of Object.entries(DYNAMIC_KEYS)) for (const k of produce()) keys.set(k, pattern);
  for (const w of Object.keys(PROVISIONING_WARNINGS)) keys.set(`Oidc.warnings.${w}`, 'provisioning warnings');
  for (const e of Object.values(OIDC_SETTINGS_ERRORS)) keys.set(e.i18nKey, 'settings errors');
  return { keys, templates };
}

type FieldDef = { type?: string; tooltip?: boolean; options?: string[]; readOnly?: boolean };

/** Keys the settings metadata needs: field labels, tooltips, literal options, dynamic-logic messages, methods. */
function metadataKeys(): string[] {
  const fields: Record<string, FieldDef> = {};
  for (const file of ['host/resources/metadata/entityDefs/Settings.json', 'metadata/entityDefs/Settings.json']) {
    Object.assign(fields, (readJson(file) as { fields: Record<string, FieldDef> }).fields);
  }
  const keys: string[] = [];
  for (const [name, def] of Object.entries(fields)) {
    keys.push(`Settings.fields.${name}`);
    if (def.tooltip) keys.push(`Settings.tooltips.${name}`);
    if (def.type === 'enum' || def.type === 'multiEnum') {
      for (const option of def.options ?? []) keys.push(`Settings.options.${name}.${option}`);
    }
  }
  for (const dir of ['host/resources/metadata/authenticationMethods', 'metadata/authenticationMethods']) {
    for (const file of readdirSync(path.join(repoRoot, dir))) {
      const method = readJson(path.join(dir, file)) as { settings?: { isAvailable?: boolean } };
      if (method.settings?.isAvailable) keys.push(`Settings.options.authenticationMethod.${file.replace('.json', '')}`);
      const text = JSON.stringify(method);
      for (const m of text.matchAll(/"message":"([A-Za-z0-9_]+)"/g)) keys.push(`Settings.messages.${m[1]}`);
    }
  }
  return keys;
}

/** Keys missing in a language, values that are not text, placeholders that differ between languages. */
function parityProblems(byLanguage: Map<string, Map<string, Json>>): string[] {
  const languages = [...byLanguage.keys()];
  const union = new Set([...byLanguage.values()].flatMap((m) => [...m.keys()]));
  const problems: string[] = [];
  for (const key of union) {
    const reference = languages.map((l) => byLanguage.get(l)!.get(key)).find((v) => v !== undefined);
    for (const language of languages) {
      const value = byLanguage.get(language)!.get(key);
      if (value === undefined) problems.push(`${language}: missing ${key}`);
      else if (typeof value !== 'string' || value.trim() === '') problems.push(`${language}: ${key} is not a text`);
      else if (placeholders(value).join() !== placeholders(reference!).join())
        problems.push(`${language}: ${key} has placeholders {${placeholders(value).join('},{')}}`);
    }
  }
  return problems;
}

describe('i18n completeness (en_US, de_DE, fr_FR, es_ES)', () => {
  for (const layer of LAYERS) {
    describe(layer, () => {
      it('has the same files in every language', () => {
        const files = (language: string) =>
          readdirSync(path.join(repoRoot, layer, language))
            .filter((f) => f.endsWith('.json'))
            .sort();
        for (const language of LANGUAGES) expect(files(language), language).to.deep.equal(files('en_US'));
      });

      it('defines every key in every language, non-empty, with the same placeholders', () => {
        expect(parityProblems(new Map(LANGUAGES.map((l) => [l, languageKeys(layer, l)])))).to.deep.equal([]);
      });
    });
  }

  it('defines every key the code uses (src, host/src, host/sdk, host/web)', () => {
    const defined = definedKeys();
    const { keys } = usedKeys();
    expect(keys.has('Settings.messages.fieldIsRequired'), 'literal keys are found').to.equal(true);
    expect(keys.has('Login.labels.Sign-in failed'), 't() calls of the web UI are found').to.equal(true);
    expect(keys.has('Global.messages.csrfInvalid'), 'authError keys are found').to.equal(true);
    const missing = [...keys].filter(([key]) => !defined.has(key)).map(([key, where]) => `${key} (${where})`);
    expect(missing).to.deep.equal([]);
  });

  it('knows the registry behind every key the code builds at run time', () => {
    const { templates } = usedKeys();
    const unknown = [...templates].filter((t) => !Object.hasOwn(DYNAMIC_KEYS, t));
    expect(unknown, 'add the pattern and its registry to DYNAMIC_KEYS').to.deep.equal([]);
  });

  it('defines every key the settings metadata needs (labels, tooltips, options, messages, methods)', () => {
    const defined = definedKeys();
    expect(metadataKeys().filter((k) => !defined.has(k))).to.deep.equal([]);
  });

  it('the login page resolves every OIDC refusal code to its message', async () => {
    const url = pathToFileURL(path.join(repoRoot, 'host/web/static/error-codes.js')).href;
    const { oidcCodeMessageKey } = (await import(url)) as { oidcCodeMessageKey: (code: string) => string | null };
    const codes = [
      ...Object.entries(PROVISIONING_DENIALS).map(([code]) => [
        code,
        denialI18nKey(code as keyof typeof PROVISIONING_DENIALS),
      ]),
      ...Object.entries(OIDC_SETTINGS_ERRORS).map(([code, e]) => [code, e.i18nKey]),
    ];
    for (const [code, key] of codes) expect(oidcCodeMessageKey(code), code).to.equal(key);
  });

  it('reports a key missing in one language, an empty text and a changed placeholder', () => {
    const en = languageKeys('i18n', 'en_US');
    const de = new Map(en);
    de.delete('Oidc.messages.userNotFound');
    de.set('Oidc.labels.Sign in', ' ');
    de.set('Oidc.labels.Sign in with {label}', 'Anmelden mit {name}');
    expect(
      parityProblems(
        new Map([
          ['en_US', en],
          ['de_DE', de],
        ]),
      ),
    ).to.have.members([
      'de_DE: missing Oidc.messages.userNotFound',
      'de_DE: Oidc.labels.Sign in is not a text',
      'de_DE: Oidc.labels.Sign in with {label} has placeholders {name}',
    ]);
  });
});
