// Child-process entry of startOidcProviderProcess(): runs one IdP and answers IPC commands.
import type { IdpAccount } from './idp-types.js';
import type { IdpProcessOptions } from './idp-process.js';
import { startOidcProvider, type OidcProviderIdp } from './oidc-provider-idp.js';

let idp: OidcProviderIdp | undefined;

const commands: Record<string, (payload: unknown) => Promise<void> | void> = {
  setAccounts: (payload) => idp?.setAccounts(payload as IdpAccount[]),
  rotateKeys: async () => void (await idp?.rotateKeys()),
  stop: async () => {
    await idp?.stop();
    idp = undefined;
  },
};

process.on('message', (message: { type: string; id?: number; options?: IdpProcessOptions; payload?: unknown }) => {
  if (message.type === 'start') {
    startOidcProvider(message.options).then(
      (started) => {
        idp = started;
        for (const name of ['backchannel.success', 'backchannel.error', 'end_session.success', 'server_error']) {
          started.events.on(name, (event) => process.send?.({ type: 'event', event }));
        }
        process.send?.({ type: 'ready', issuer: started.issuer, port: started.port, endpoints: started.endpoints });
      },
      (err: Error) => {
        console.error(err);
        process.exit(1);
      },
    );
    return;
  }
  const command = commands[message.type];
  Promise.resolve()
    .then(() => command?.(message.payload))
    .then(
      () => process.send?.({ type: 'done', id: message.id }),
      (err: Error) => process.send?.({ type: 'done', id: message.id, error: err.message }),
    );
});
