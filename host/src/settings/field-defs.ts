import type { MetadataService } from '../../sdk/metadata.js';
import type { FieldOptionsProvider } from '../../sdk/settings.js';

/** A settings field as declared in metadata `entityDefs.Settings.fields.<name>` (SETTINGS-FORMAT). */
export interface SettingsFieldDef {
  type: string;
  default?: unknown;
  nullable?: boolean;
  required?: boolean;
  readOnly?: boolean;
  notStorable?: boolean;
  maxLength?: number;
  /**
   * `password` fields: settings the stored secret is bound to. When the form changes one of them, the
   * saved secret counts as not set until typed again (the server refuses to use it with changed ones).
   */
  boundTo?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  options?: string[];
  /** Metadata path whose object keys are the options. */
  optionsPath?: string[];
  /** Name of a bound `FieldOptionsProvider` (SDK) giving the options; falls back to `optionsPath` when none is bound. */
  optionsProvider?: string;
  /** With `optionsPath`: a key is an option only when the value at this sub-path of its entry is `true`. */
  optionsAvailablePath?: string[];
  allowCustomOptions?: boolean;
  tooltip?: boolean;
  /**
   * For computed read-only fields: the value shown, with `{siteUrl}` (the configured public URL) and
   * `{<settingName>}` placeholders, e.g. `"{siteUrl}/oauth-callback"`.
   */
  valueTemplate?: string;
}

export type SettingsFieldDefs = Readonly<Record<string, SettingsFieldDef>>;

export function settingsFieldDefs(metadata: MetadataService): SettingsFieldDefs {
  return metadata.get<Record<string, SettingsFieldDef>>(['entityDefs', 'Settings', 'fields'], {}) ?? {};
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Options of a named `FieldOptionsProvider`, or undefined when no provider of that name is bound. */
export type OptionsLookup = (providerName: string) => readonly string[] | undefined;

/** An {@link OptionsLookup} over the bound providers (the first of a name wins). */
export function optionsLookup(providers: readonly FieldOptionsProvider[]): OptionsLookup {
  return (name) => {
    const provider = providers.find((p) => p.name === name);
    return provider === undefined ? undefined : [...provider.options()];
  };
}

/**
 * The options of an enum/multiEnum field: `options`, else those of its `optionsProvider` (when bound),
 * else the keys under `optionsPath` (filtered).
 */
export function fieldOptions(
  def: SettingsFieldDef,
  metadata: MetadataService,
  lookup?: OptionsLookup,
): string[] | undefined {
  if (def.options) return [...def.options];
  const provided = def.optionsProvider && lookup ? lookup(def.optionsProvider) : undefined;
  if (provided !== undefined) return [...provided];
  if (!def.optionsPath) return undefined;
  const source = metadata.get<Record<string, unknown>>(def.optionsPath, {}) ?? {};
  return Object.keys(source).filter(
    (key) => !def.optionsAvailablePath || at(source[key], def.optionsAvailablePath) === true,
  );
}

/**
 * Settings field definitions with every `optionsProvider` resolved into `options` (a copy): what forms
 * need, since they cannot call providers.
 */
export function withProvidedOptions(
  defs: Readonly<Record<string, SettingsFieldDef>>,
  lookup: OptionsLookup,
): Record<string, SettingsFieldDef> {
  const out: Record<string, SettingsFieldDef> = {};
  for (const [name, def] of Object.entries(defs)) {
    const provided = def.optionsProvider && !def.options ? lookup(def.optionsProvider) : undefined;
    out[name] = provided === undefined ? def : { ...def, options: [...provided] };
  }
  return out;
}
