const BRAND = Symbol.for('crm-host.HostError');

/**
 * Base of every error that crosses the host/extension boundary. `code` is stable and machine-readable
 * (`ERR_...`), `message` is for humans and never contains secrets or tokens, `i18nKey` names the
 * translation shown in the UI (`<scope>.messages.<key>`), `status` is the HTTP status to answer with.
 * `HostError.is()` works across duplicate copies of this module, where `instanceof` does not.
 */
export class HostError extends Error {
  readonly code: string;
  readonly status: number;
  readonly i18nKey: string | undefined;
  /** Per-field messages for validation errors (`field -> message`). */
  readonly fields: Record<string, string> | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; i18nKey?: string; fields?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HostError';
    this.code = code;
    this.status = options.status ?? 400;
    this.i18nKey = options.i18nKey;
    this.fields = options.fields;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static is(value: unknown): value is HostError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, i18nKey: this.i18nKey, fields: this.fields };
  }
}
