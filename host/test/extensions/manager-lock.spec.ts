import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { acquireManagerLock } from '../../src/extensions/lock.js';
import { newInstanceRoot } from './support/test-instance.js';

/** The extension manager lock: stale locks of dead processes (or of a reused process id) are taken over. */
describe('extension manager lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await newInstanceRoot('lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const lockFile = () => path.join(dir, 'extension-manager.lock');

  it('takes over the lock of a process that no longer runs and says whose it was', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.on('close', resolve));
    await writeFile(lockFile(), String(child.pid));
    const stale: number[] = [];
    const release = await acquireManagerLock(dir, (pid) => stale.push(pid));
    expect(stale).to.deep.equal([child.pid]);
    await release();
  });

  it('refuses while the owner runs, naming it; takes over when the id now belongs to a newer process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await writeFile(lockFile(), String(child.pid));
      let refused: unknown;
      await acquireManagerLock(dir).catch((error: unknown) => (refused = error));
      expect((refused as { code: string }).code).to.equal('ERR_EXTENSION_MANAGER_BUSY');
      expect((refused as Error).message).to.contain(`process ${child.pid}`);
      // A lock written an hour before that process started: its owner is gone, the id was reused.
      const hourAgo = new Date(Date.now() - 3600_000);
      await utimes(lockFile(), hourAgo, hourAgo);
      const stale: number[] = [];
      const release = await acquireManagerLock(dir, (pid) => stale.push(pid));
      expect(stale).to.deep.equal([child.pid]);
      await release();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
