import type { CookieScope } from './cookie-jar.js';
import type { HtmlForm } from './html-forms.js';

export interface BrowserResponse {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Absolute Location of a 3xx, resolved against `url`. */
  location?: string;
  /** Parsed JSON body when the content type says JSON (undefined otherwise or when malformed). */
  json?: unknown;
}

export interface RequestOptions {
  method?: string;
  /** Form fields: sent as application/x-www-form-urlencoded. */
  form?: Record<string, string> | URLSearchParams;
  /** A raw body (set content-type yourself). */
  body?: string;
  headers?: Record<string, string>;
}

export interface NavigationStep {
  method: string;
  url: string;
  status: number;
  ms: number;
}

export interface NavigationResult {
  /** The last response received (undefined only when stopAt matched the very first URL). */
  response?: BrowserResponse;
  /** Every URL requested, in order. */
  chain: string[];
  steps: NavigationStep[];
  totalMs: number;
  /** The URL that stopAt matched; it was NOT requested. */
  stoppedAt?: string;
}

/** What to submit for a form: the form (its action/method) and the fields to send. */
export interface FormAnswer {
  form: HtmlForm;
  fields: Record<string, string>;
}

export interface NavigateOptions extends RequestOptions {
  /** Called before each request; returning true stops there without requesting the URL. */
  stopAt?: (url: string) => boolean;
  /** Answers forms met on the way; returns the submission or undefined to stop at that page. */
  answerForm?: (form: HtmlForm, page: BrowserResponse) => FormAnswer | undefined;
  maxSteps?: number;
}

export interface LoginOptions extends RequestOptions {
  login: string;
  password?: string;
  /** Grant consent when asked (default true); false aborts the interaction (the RP gets access_denied). */
  consent?: boolean;
  stopAt?: (url: string) => boolean;
}

export interface LogoutOptions extends RequestOptions {
  /** "Yes, sign me out" (default true) ends the whole IdP session; false ends only this client's. */
  confirm?: boolean;
  stopAt?: (url: string) => boolean;
}

export interface BrowserOptions {
  cookieScope?: CookieScope;
  maxBodyBytes?: number;
  timeoutMs?: number;
  userAgent?: string;
}
