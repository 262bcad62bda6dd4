import { HostError } from '../../../sdk/errors.js';
import type { CliIo } from '../../../sdk/cli.js';
import type { Host } from '../../app/host.js';
import {
  HOST_KEY_ENV,
  keyEntries,
  keyFilePath,
  loadKeyRing,
  newKeyEntry,
  parseKeyRing,
  writeKeyFile,
} from '../../secrets/keyring.js';
import { secretStores } from '../../secrets/reseal.js';
import type { BuiltinCommand } from '../command.js';

/** The secrets commands boot even when some secrets do not open: they are how the admin finds out. */
const ALLOW = { unreadableSecrets: 'allow' } as const;

/** Prints, per store, how many sealed values each key holds; returns the key ids in use. */
async function printStatus(host: Host, io: CliIo): Promise<Set<string>> {
  const used = new Set<string>();
  for (const store of secretStores(host.container)) {
    const { byKey } = await store.status();
    const parts = Object.entries(byKey).map(([id, count]) => {
      const name = id === 'plain' ? 'in clear' : host.keyRing.keys.has(id) ? id : `${id} (not in this key ring)`;
      return `${name}: ${count}`;
    });
    for (const id of Object.keys(byKey)) used.add(id);
    io.out(`  ${store.name.padEnd(44)} ${parts.length ? parts.join(', ') : 'empty'}`);
  }
  return used;
}

function describeRing(host: Host, io: CliIo): void {
  const ring = host.keyRing;
  io.out(`Host key ring: ${ring.source === HOST_KEY_ENV ? `env ${HOST_KEY_ENV}` : ring.source}`);
  io.out(`  keys: ${[...ring.keys.keys()].join(', ')} (sealing with ${ring.current.id})`);
  if (ring.looseMode) io.out(`  WARNING: the key file has mode ${ring.looseMode}; run chmod 600 on it`);
}

function envRingError(): HostError {
  return new HostError(
    'ERR_HOST_KEY_FROM_ENV',
    `The key ring comes from ${HOST_KEY_ENV}: add a key printed by "crm-host secrets new-key" as the LAST entry of ${HOST_KEY_ENV}, restart every host process (they re-seal at boot), then remove the old entry`,
    { status: 400 },
  );
}

export const secretsCommands: BuiltinCommand[] = [
  {
    path: ['secrets', 'status'],
    summary: 'Show the host key ring and how many secrets each key seals, per table',
    usage: 'crm-host secrets status [--root DIR]',
    options: {},
    positionals: [],
    async run(_args, io, env) {
      return env.withHost(async (host) => {
        describeRing(host, io);
        io.out('Sealed values:');
        await printStatus(host, io);
        return 0;
      }, ALLOW);
    },
  },
  {
    path: ['secrets', 'new-key'],
    summary: 'Print a new key ring entry ("<id>:<key>") for CRM_HOST_KEY; changes nothing',
    usage: 'crm-host secrets new-key',
    options: {},
    positionals: [],
    async run(_args, io) {
      io.out(newKeyEntry());
      return 0;
    },
  },
  {
    path: ['secrets', 'rotate'],
    summary: 'Add a new host key to the key file and re-seal every secret with it (old keys stay until prune)',
    usage: 'crm-host secrets rotate [--root DIR]',
    options: {},
    positionals: [],
    async run(_args, io, env) {
      if (env.env[HOST_KEY_ENV]?.trim()) throw envRingError();
      const file = keyFilePath(env.root, env.env);
      const ring = await loadKeyRing(env.root, env.env);
      const entry = newKeyEntry();
      await writeKeyFile(file, [...keyEntries(ring), entry]);
      const id = parseKeyRing(entry, 'new key').current.id;
      io.out(`Added host key ${id} to ${file}; re-sealing (the host re-seals at boot)...`);
      return env.withHost(async (host) => {
        await printStatus(host, io);
        io.out('Restart running host processes so they seal with the new key; then "crm-host secrets prune".');
        return 0;
      }, ALLOW);
    },
  },
  {
    path: ['secrets', 'reencrypt'],
    summary: 'Re-seal every secret with the current host key (also seals values still in clear)',
    usage: 'crm-host secrets reencrypt [--root DIR]',
    options: {},
    positionals: [],
    async run(_args, io, env) {
      // Booting re-seals (see resealSecrets in boot): what is printed is the state after it.
      return env.withHost(async (host) => {
        describeRing(host, io);
        await printStatus(host, io);
        return 0;
      }, ALLOW);
    },
  },
  {
    path: ['secrets', 'prune'],
    summary: 'Remove from the key file the keys no stored secret uses any more',
    usage: 'crm-host secrets prune [--root DIR]',
    options: {},
    positionals: [],
    async run(_args, io, env) {
      if (env.env[HOST_KEY_ENV]?.trim()) throw envRingError();
      return env.withHost(async (host) => {
        const ring = host.keyRing;
        const used = await printStatus(host, io);
        const unused = [...ring.keys.keys()].filter((id) => id !== ring.current.id && !used.has(id));
        const still = [...ring.keys.keys()].filter((id) => id !== ring.current.id && used.has(id));
        if (unused.length > 0) {
          const keys = new Map([...ring.keys].filter(([id]) => !unused.includes(id)));
          await writeKeyFile(ring.source, keyEntries({ keys, current: ring.current }));
          io.out(`Removed keys: ${unused.join(', ')}`);
        } else io.out('No unused key to remove.');
        if (still.length > 0) {
          io.out(`Kept (still used, not readable here or re-sealed by another process soon): ${still.join(', ')}`);
          return 1;
        }
        return 0;
      }, ALLOW);
    },
  },
];
