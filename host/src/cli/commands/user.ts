import { randomBytes } from 'node:crypto';
import { User } from '../../../sdk/entities/User.js';
import { HostError } from '../../../sdk/errors.js';
import { hashPassword } from '../../sessions/password.js';
import type { BuiltinCommand } from '../command.js';
import { usageError } from '../usage-error.js';

const USER_NAME = /^[^\s]{1,255}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 8;

/** A random password of 20 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

export const userCommands: BuiltinCommand[] = [
  {
    path: ['user', 'create'],
    summary: 'Create a user (with a password, or a random one printed once)',
    usage: [
      'crm-host user create --username U [--password P | --password-stdin | --no-password] [--admin | --portal]',
      '                     [--name "Full Name"] [--email a@b.c] [--root DIR]',
      '',
      'Without a password option a random password is generated and printed once.',
      '--no-password makes a user who can only sign in through an identity provider.',
      '--portal makes a portal user: it signs in only at the portals it is added to (crm-host portal add-user).',
    ].join('\n'),
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'no-password': { type: 'boolean' },
      admin: { type: 'boolean' },
      portal: { type: 'boolean' },
      name: { type: 'string' },
      email: { type: 'string' },
    },
    positionals: [],
    validate({ values }) {
      const username = values.username;
      if (typeof username !== 'string') throw usageError('--username is required');
      if (!USER_NAME.test(username)) throw usageError('--username must be 1 to 255 characters without spaces');
      if (values.admin && values.portal) throw usageError('use only one of --admin, --portal');
      const sources = ['password', 'password-stdin', 'no-password'].filter((k) => values[k] !== undefined);
      if (sources.length > 1) throw usageError(`use only one of --${sources.join(', --')}`);
      if (typeof values.password === 'string' && values.password.length < MIN_PASSWORD_LENGTH) {
        throw usageError(`--password must have at least ${MIN_PASSWORD_LENGTH} characters`);
      }
      if (typeof values.email === 'string' && !EMAIL.test(values.email))
        throw usageError('--email is not an e-mail address');
      if (typeof values.name === 'string' && (values.name.length === 0 || values.name.length > 255))
        throw usageError('--name must be 1 to 255 characters');
    },
    async run({ values }, io, env) {
      let password: string | null = null;
      let generated = false;
      if (typeof values.password === 'string') password = values.password;
      else if (values['password-stdin']) {
        password = (await env.readStdin()).replace(/\r?\n$/, '');
        if (password.length < MIN_PASSWORD_LENGTH)
          throw usageError(`the password on stdin must have at least ${MIN_PASSWORD_LENGTH} characters`);
      } else if (!values['no-password']) {
        password = generatePassword();
        generated = true;
      }
      const userName = values.username as string;
      return env.withHost(async (host) => {
        await host.persistence.transactional(async (em) => {
          if (await em.findOne(User, { userName })) {
            throw new HostError('ERR_USER_EXISTS', `a user named "${userName}" already exists`, {
              status: 409,
              i18nKey: 'Cli.messages.userExists',
            });
          }
          em.persist(
            em.create(User, {
              userName,
              type: values.admin ? 'admin' : values.portal ? 'portal' : 'regular',
              name: typeof values.name === 'string' ? values.name : null,
              emailAddress: typeof values.email === 'string' ? values.email : null,
              passwordHash: password === null ? null : await hashPassword(password),
            } as never),
          );
        });
        io.out(`Created ${values.admin ? 'admin' : values.portal ? 'portal user' : 'user'} "${userName}".`);
        if (generated) io.out(`Password (shown once): ${password}`);
        if (password === null) io.out('No password: this user can only sign in through an identity provider.');
        return 0;
      });
    },
  },
];
