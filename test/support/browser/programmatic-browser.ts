import { performance } from 'node:perf_hooks';
import type {
  BrowserOptions,
  BrowserResponse,
  FormAnswer,
  LoginOptions,
  LogoutOptions,
  NavigateOptions,
  NavigationResult,
  RequestOptions,
} from './browser-types.js';
import { CookieJar } from './cookie-jar.js';
import { parseForms } from './html-forms.js';
import { HttpTransport } from './http-transport.js';

export type * from './browser-types.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function isAutoSubmit(page: BrowserResponse): boolean {
  return /document\.forms\[0\]\.submit\(\)/.test(page.body);
}

/**
 * A cookie-jar HTTP client that walks OIDC redirect chains like a browser, answering oidc-provider's
 * devInteractions login/consent forms, auto-submitting form_post pages and the end-session confirm form.
 * No JavaScript, no rendering: cheap enough for load benchmarks. See test/support/README.md.
 */
export class ProgrammaticBrowser {
  readonly cookies: CookieJar;
  private readonly transport: HttpTransport;
  private readonly userAgent: string;

  constructor(options: BrowserOptions = {}) {
    this.cookies = new CookieJar(options.cookieScope ?? 'origin');
    this.transport = new HttpTransport(options.maxBodyBytes ?? 5 * 1024 * 1024, options.timeoutMs ?? 10_000);
    this.userAgent = options.userAgent ?? 'programmatic-browser/1';
  }

  /** One request (no redirect following); stores cookies. */
  async request(url: string, options: RequestOptions = {}): Promise<BrowserResponse> {
    const target = new URL(url);
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: 'text/html,application/json;q=0.9,*/*;q=0.8',
      ...options.headers,
    };
    const cookie = this.cookies.header(target);
    if (cookie) headers.cookie = cookie;
    let body = options.body;
    if (options.form) {
      body = new URLSearchParams(options.form as Record<string, string>).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const method = options.method ?? (body === undefined ? 'GET' : 'POST');
    const raw = await this.transport.send({ method, url: target, headers, body });
    const setCookie = raw.headers['set-cookie'];
    this.cookies.store(target, setCookie);
    const response: BrowserResponse = { url: target.href, status: raw.status, headers: raw.headers, body: raw.body };
    const location = raw.headers.location;
    if (location) response.location = new URL(location, target).href;
    if (/json/i.test(String(raw.headers['content-type'] ?? ''))) {
      try {
        response.json = JSON.parse(raw.body);
      } catch {
        response.json = undefined;
      }
    }
    return response;
  }

  /** Follows redirects (and answers forms via answerForm) from `url` until a page nothing answers. */
  async navigate(url: string, options: NavigateOptions = {}): Promise<NavigationResult> {
    const started = performance.now();
    const result: NavigationResult = { chain: [], steps: [], totalMs: 0 };
    let next: { url: string } & RequestOptions = {
      url,
      method: options.method,
      form: options.form,
      body: options.body,
      headers: options.headers,
    };
    const maxSteps = options.maxSteps ?? 25;
    for (let step = 0; ; step++) {
      if (options.stopAt?.(next.url)) {
        result.stoppedAt = next.url;
        break;
      }
      if (step === maxSteps)
        throw new Error(
          `navigation from ${url} did not settle after ${maxSteps} requests (redirect loop?); last: ${next.url}`,
        );
      const t0 = performance.now();
      const response = await this.request(next.url, next);
      result.chain.push(next.url);
      result.steps.push({
        method: next.method ?? (next.form || next.body !== undefined ? 'POST' : 'GET'),
        url: next.url,
        status: response.status,
        ms: performance.now() - t0,
      });
      result.response = response;
      if (REDIRECTS.has(response.status) && response.location) {
        const keep = response.status === 307 || response.status === 308;
        next = keep ? { ...next, url: response.location } : { url: response.location };
        continue;
      }
      const submission = this.pickSubmission(response, options);
      if (!submission) break;
      const action = new URL(submission.form.action ?? response.url, response.url).href;
      const query = new URLSearchParams(submission.fields).toString();
      next =
        submission.form.method === 'POST'
          ? { url: action, method: 'POST', form: submission.fields }
          : { url: query ? `${action}?${query}` : action };
    }
    result.totalMs = performance.now() - started;
    return result;
  }

  private pickSubmission(page: BrowserResponse, options: NavigateOptions): FormAnswer | undefined {
    if (page.status !== 200 || !/html/i.test(String(page.headers['content-type'] ?? ''))) return undefined;
    const forms = parseForms(page.body);
    if (!forms.length) return undefined;
    if (isAutoSubmit(page)) return { form: forms[0], fields: forms[0].fields };
    for (const form of forms) {
      const answer = options.answerForm?.(form, page);
      if (answer) return answer;
    }
    return undefined;
  }

  /**
   * Logs in through oidc-provider's devInteractions: GET `startUrl` (the RP's login start or an authorization
   * URL; `method`/`form`/`headers` make the first request a POST), follow redirects, submit login then consent, stop at the first page nothing answers (normally the
   * RP's landing page) or where `stopAt` matches.
   */
  login(startUrl: string, options: LoginOptions): Promise<NavigationResult> {
    let logins = 0;
    const { method, form, body, headers } = options;
    return this.navigate(startUrl, {
      method,
      form,
      body,
      headers,
      stopAt: options.stopAt,
      answerForm: (form): FormAnswer | undefined => {
        if (form.fields.prompt === 'login') {
          if (++logins > 1)
            throw new Error(
              `devInteractions asked for a login again: "${options.login}" is not an account of the IdP, or the password is wrong`,
            );
          return { form, fields: { prompt: 'login', login: options.login, password: options.password ?? 'password' } };
        }
        if (form.fields.prompt === 'consent') {
          if (options.consent === false) {
            return { form: { ...form, action: `${form.action}/abort`, method: 'GET' }, fields: {} };
          }
          return { form, fields: { prompt: 'consent' } };
        }
        return undefined;
      },
    });
  }

  /**
   * Walks an RP-initiated logout: GET (or POST via options) `url` (the RP's logout route or the IdP's
   * end_session_endpoint URL), follow redirects, answer the end-session confirm form (xsrf field) and land
   * on the post_logout_redirect_uri (or the IdP's success page).
   */
  logout(url: string, options: LogoutOptions = {}): Promise<NavigationResult> {
    return this.navigate(url, {
      ...options,
      answerForm: (form): FormAnswer | undefined => {
        if (form.id !== 'op.logoutForm') return undefined;
        const fields: Record<string, string> = { xsrf: form.fields.xsrf };
        if (options.confirm !== false) fields.logout = 'yes';
        return { form, fields };
      },
    });
  }

  /** Closes the keep-alive sockets. */
  close(): void {
    this.transport.close();
  }
}
