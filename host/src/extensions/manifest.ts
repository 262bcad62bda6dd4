import { Ajv, type JSONSchemaType } from 'ajv';
import semver from 'semver';
import { HostError } from '../../sdk/errors.js';
import type { LifecycleScriptName } from '../../sdk/extension.js';

/** extension.json: the descriptor at the root of an extension package (zip or folder). */
export interface ExtensionManifest {
  name: string;
  version: string;
  description?: string;
  author?: string;
  /** Host versions this extension works with, as semver ranges; any match passes. */
  acceptableVersions: string[];
  /** Other installed extensions this one needs: name -> semver range. */
  dependencies?: Record<string, string>;
  /** Load order; lower first (default 50). */
  order?: number;
  /** The entry module, relative to the package root (default `src/index.js`). */
  entry?: string;
  /** Lifecycle scripts, relative to the package root. */
  scripts?: Partial<Record<LifecycleScriptName, string>>;
  releaseDate?: string;
}

const relativePath = {
  type: 'string',
  minLength: 1,
  maxLength: 300,
  pattern: '^(?![/\\\\])(?!.*\\.\\.)[A-Za-z0-9._/-]+$',
} as const;

export const manifestSchema: JSONSchemaType<ExtensionManifest> = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'acceptableVersions'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}[a-z0-9]$' },
    version: { type: 'string', minLength: 5, maxLength: 64 },
    description: { type: 'string', maxLength: 2000, nullable: true },
    author: { type: 'string', maxLength: 200, nullable: true },
    acceptableVersions: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 100 } },
    dependencies: {
      type: 'object',
      nullable: true,
      required: [],
      additionalProperties: { type: 'string', minLength: 1, maxLength: 100 },
    },
    order: { type: 'integer', minimum: 0, maximum: 1000, nullable: true },
    entry: { ...relativePath, nullable: true },
    scripts: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: [],
      properties: {
        beforeInstall: { ...relativePath, nullable: true },
        afterInstall: { ...relativePath, nullable: true },
        beforeUninstall: { ...relativePath, nullable: true },
        afterUninstall: { ...relativePath, nullable: true },
      },
    },
    releaseDate: { type: 'string', maxLength: 40, nullable: true },
  },
};

const ajv = new Ajv({ allErrors: true });
const validateSchema = ajv.compile(manifestSchema);

/**
 * Parses and validates extension.json content. Throws `ERR_EXTENSION_MANIFEST_INVALID` naming every
 * problem (schema, semver of `version`, ranges of `acceptableVersions` and `dependencies`).
 */
export function parseManifest(raw: unknown, source = 'extension.json'): ExtensionManifest {
  const problems: string[] = [];
  if (!validateSchema(raw)) {
    for (const e of validateSchema.errors ?? []) {
      problems.push(`${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`.trim());
    }
  } else {
    if (!semver.valid(raw.version)) problems.push(`/version "${raw.version}" is not a semantic version (x.y.z)`);
    for (const range of raw.acceptableVersions) {
      if (!semver.validRange(range)) problems.push(`/acceptableVersions "${range}" is not a semver range`);
    }
    for (const [dep, range] of Object.entries(raw.dependencies ?? {})) {
      if (!semver.validRange(range)) problems.push(`/dependencies/${dep} "${range}" is not a semver range`);
    }
  }
  if (problems.length > 0) {
    throw new HostError('ERR_EXTENSION_MANIFEST_INVALID', `${source} is invalid: ${problems.join('; ')}`, {
      i18nKey: 'Extension.messages.manifestInvalid',
    });
  }
  return raw as ExtensionManifest;
}

export function manifestEntry(manifest: ExtensionManifest): string {
  return manifest.entry ?? 'src/index.js';
}

export function manifestOrder(manifest: ExtensionManifest): number {
  return manifest.order ?? 50;
}
