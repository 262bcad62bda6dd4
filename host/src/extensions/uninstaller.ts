import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LifecycleScriptContext } from '../../sdk/extension.js';
import { extensionError } from './errors.js';
import { exists, moveDir } from './file-ops.js';
import { dependentsOf, managerWorkDirs, readInstalledManifest } from './installed-folders.js';
import { loadLifecycleScript, runLifecycleScript } from './lifecycle-scripts.js';
import type { ExtensionManagerDeps, ProgressListener } from './manager-deps.js';
import { ExtensionRecords } from './records.js';
import { rollbackAndRebuild, StepFailure, StepRunner } from './step-runner.js';

/**
 * Uninstalls `name`: beforeUninstall, remove the folder, mark the record uninstalled, rebuild the
 * cache, afterUninstall. Database tables of the extension are kept. Any failure restores the folder,
 * the record and the cache and throws ERR_EXTENSION_UNINSTALL_FAILED naming the step.
 */
export async function uninstallExtension(
  deps: ExtensionManagerDeps,
  name: string,
  progress: ProgressListener,
): Promise<{ name: string; version: string }> {
  const { paths, logger } = deps;
  const records = new ExtensionRecords(deps.persistence);
  const extDir = path.join(paths.extensions, name);
  const before = await records.find(name);
  const folderExists = await exists(extDir);
  if (!before?.isInstalled && !folderExists) {
    throw extensionError('NOT_INSTALLED', `${name} is not installed`);
  }
  const dependents = await dependentsOf(deps, name);
  if (dependents.length > 0) {
    const names = dependents.map((d) => d.name);
    throw extensionError(
      'REQUIRED_BY_OTHERS',
      `${name} cannot be uninstalled: ${names.join(', ')} depend${names.length === 1 ? 's' : ''} on it`,
    );
  }
  const manifest = folderExists ? await readInstalledManifest(extDir) : null;
  const version = manifest?.version ?? before?.version ?? 'unknown';
  const steps = new StepRunner(progress);
  const context: LifecycleScriptContext = {
    extensionName: name,
    version,
    isUpgrade: false,
    previousVersion: null,
    paths,
    persistence: deps.persistence,
    config: deps.config,
    logger: logger.child(`[${name}]`),
  };
  const backupDir = path.join(managerWorkDirs(paths.data).backups, `${name}-${Date.now()}`);
  try {
    // Both scripts are imported now: afterUninstall runs when the folder is already gone.
    const scripts = await steps.run('load-scripts', 'Loading lifecycle scripts', async () => ({
      before: manifest ? await loadLifecycleScript(extDir, manifest, 'beforeUninstall') : null,
      after: manifest ? await loadLifecycleScript(extDir, manifest, 'afterUninstall') : null,
    }));
    await steps.run('beforeUninstall', 'Running beforeUninstall', async () => {
      if (!(await runLifecycleScript(scripts.before, context)))
        steps.skip('beforeUninstall', 'no beforeUninstall script');
    });
    if (folderExists) {
      await steps.run('remove-files', `Removing ${path.relative(paths.root, extDir)}`, () =>
        moveDir(extDir, backupDir),
      );
      steps.onRollback(`restore ${path.relative(paths.root, extDir)}`, async () => {
        await rm(extDir, { recursive: true, force: true });
        await moveDir(backupDir, extDir);
      });
    }
    steps.onRollback('restore the Extension record', () => records.restore(name, before));
    await steps.run('save-record', 'Marking the Extension record uninstalled', () => records.markUninstalled(name));
    await steps.run('rebuild-cache', 'Rebuilding the metadata and i18n cache', () => deps.rebuildResources());
    await steps.run('afterUninstall', 'Running afterUninstall', async () => {
      if (!(await runLifecycleScript(scripts.after, context))) steps.skip('afterUninstall', 'no afterUninstall script');
    });
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('uninstall', 'Uninstalling', error);
    const problems = await rollbackAndRebuild(steps, deps);
    const tail = problems.length === 0 ? 'Everything was rolled back.' : `Rollback incomplete: ${problems.join('; ')}`;
    logger.error('extension uninstall failed', { extension: name, step: failure.step });
    throw extensionError(
      'UNINSTALL_FAILED',
      `Uninstalling ${name} failed at step "${failure.step}" (${failure.message}). ${tail}`,
      failure.cause,
    );
  }
  await rm(backupDir, { recursive: true, force: true });
  logger.info('extension uninstalled', { extension: name, version });
  progress({ kind: 'done', message: `${name} ${version} uninstalled (its database tables are kept)` });
  return { name, version };
}
