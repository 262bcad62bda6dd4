import { injectable } from 'inversify';
import type { LoginMethod, LoginPageData } from '../../sdk/login-method.js';

/** The host's built-in method: user name and password. */
@injectable()
export class PasswordLoginMethod implements LoginMethod {
  readonly name = 'Password';

  loginPageData(): LoginPageData {
    return { method: this.name, fallback: true };
  }

  passwordLoginPolicy(): { allowed: true } {
    return { allowed: true };
  }
}
