/** What an authorization-response behaviour may use. */
export interface AuthorizeContext {
  issuer: string;
  /** A well-formed, validly signed ID token for this transaction (for the front-channel injection rows). */
  idToken: string;
}

/** Edits the query of the redirect back to the RP (security matrix 1.2, R-07, R-08, 1.1 errors). */
export type AuthorizeBehaviourFn = (params: URLSearchParams, ctx: AuthorizeContext) => void;

const error =
  (code: string, description: string): AuthorizeBehaviourFn =>
  (params) => {
    params.delete('code');
    params.set('error', code);
    params.set('error_description', description);
  };

export const AUTHORIZE_BEHAVIOURS = {
  'iss-wrong': (p) => p.set('iss', 'https://evil.example'),
  'iss-missing': (p) => p.delete('iss'),
  'state-wrong': (p) => p.set('state', 'not-the-state-you-sent'),
  'state-missing': (p) => p.delete('state'),
  'extra-id_token': (p, c) => p.set('id_token', c.idToken),
  'extra-token': (p) => {
    p.set('access_token', 'injected-access-token');
    p.set('token', 'injected-token');
  },
  'extra-response': (p, c) => p.set('response', c.idToken),
  'duplicate-code': (p) => p.append('code', 'second-code'),
  'duplicate-state': (p) => p.append('state', String(p.get('state'))),
  'duplicate-iss': (p, c) => p.append('iss', c.issuer),
  'error-access_denied': error('access_denied', 'End-User aborted interaction'),
  'error-login_required': error('login_required', 'End-User authentication is required'),
  'error-server_error': error('server_error', 'oops'),
} satisfies Record<string, AuthorizeBehaviourFn>;

export type AuthorizeBehaviour = keyof typeof AUTHORIZE_BEHAVIOURS;
