import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LifecycleScriptContext } from '../../sdk/extension.js';
import { checkDependencies, checkDependents, checkHostVersion, checkNotOlder } from './compatibility.js';
import { dependentsOf, managerWorkDirs, readInstalledManifest } from './installed-folders.js';
import { extensionError } from './errors.js';
import { copyFiles, exists, moveDir } from './file-ops.js';
import { recordToJournal, removeJournal, writeJournal, type InstallJournal } from './install-journal.js';
import { InstallInterrupted, InterruptGuard } from './interrupt-guard.js';
import { loadLifecycleScript, runLifecycleScript } from './lifecycle-scripts.js';
import type { ExtensionManagerDeps, ProgressListener } from './manager-deps.js';
import { readPackage, validatePackageManifest } from './package-reader.js';
import { ExtensionRecords } from './records.js';
import { rollbackAndRebuild, StepFailure, StepRunner } from './step-runner.js';

export interface InstallResult {
  readonly name: string;
  readonly version: string;
  readonly previousVersion: string | null;
  readonly isUpgrade: boolean;
  readonly files: number;
  /** Migrations applied by this install. */
  readonly migrations: readonly string[];
}

export interface InstallOptions {
  /** SIGINT/SIGTERM during the install roll it back, then the install throws ERR_EXTENSION_INSTALL_INTERRUPTED. */
  readonly handleSignals?: boolean;
}

/**
 * Installs (or upgrades, or reinstalls) the package at `source`. See docs/extension-manager.md for the
 * steps. Any failure after the checks puts files, migrations, the Extension record and the metadata
 * cache back as they were, then throws ERR_EXTENSION_INSTALL_FAILED naming the step.
 */
export async function installExtension(
  deps: ExtensionManagerDeps,
  source: string,
  progress: ProgressListener,
  options: InstallOptions = {},
): Promise<InstallResult> {
  const guard = new InterruptGuard({ signals: options.handleSignals === true }).start();
  try {
    return await guardedInstall(deps, source, progress, guard);
  } finally {
    guard.stop();
  }
}

async function guardedInstall(
  deps: ExtensionManagerDeps,
  source: string,
  progress: ProgressListener,
  guard: InterruptGuard,
): Promise<InstallResult> {
  const { paths, logger } = deps;
  const work = managerWorkDirs(paths.data);
  const records = new ExtensionRecords(deps.persistence);
  const steps = new StepRunner(progress, guard);

  // Checks: nothing is changed until they all pass, so a refusal needs no rollback.
  const pkg = await unwrap(
    steps.run('read-package', `Reading package ${source}`, () =>
      readPackage(source, { stagingRoot: work.staging, limits: deps.limits }),
    ),
  );
  try {
    const manifest = await unwrap(
      steps.run('validate-manifest', 'Validating extension.json', () => validatePackageManifest(pkg)),
    );
    progress({ kind: 'info', step: 'validate-manifest', message: `${manifest.name} ${manifest.version}` });
    const name = manifest.name;
    const extDir = path.join(paths.extensions, name);
    const backupDir = path.join(work.backups, `${name}-${Date.now()}`);
    const fromInside = path.relative(extDir, pkg.dir);
    if (fromInside === '' || (!fromInside.startsWith('..') && !path.isAbsolute(fromInside))) {
      throw extensionError(
        'PACKAGE_INVALID',
        `${pkg.source} is the installed folder of ${name} itself; install from a copy`,
      );
    }
    await unwrap(steps.run('check-host-version', 'Checking the host version', () => checkHostVersion(manifest)));
    const installed = await records.installed();
    await unwrap(
      steps.run('check-dependencies', 'Checking dependencies', () => checkDependencies(manifest, installed)),
    );
    const before = await records.find(name);
    const previousVersion = before?.isInstalled ? before.version : null;
    await unwrap(
      steps.run(
        'check-version',
        previousVersion
          ? `Comparing with the installed version ${previousVersion}`
          : 'Comparing with the installed version (none)',
        () => checkNotOlder(manifest, previousVersion),
      ),
    );
    const dependents = await dependentsOf(deps, name);
    await unwrap(
      steps.run('check-dependents', `Checking extensions that depend on ${name} (${dependents.length})`, () =>
        checkDependents(manifest, dependents),
      ),
    );
    const isUpgrade = previousVersion !== null;
    const context = (version: string): LifecycleScriptContext => ({
      extensionName: name,
      version,
      isUpgrade,
      previousVersion,
      paths,
      persistence: deps.persistence,
      config: deps.config,
      logger: logger.child(`[${name}]`),
    });

    let applied: string[] = [];
    const journal: InstallJournal = {
      format: 1,
      pid: process.pid,
      name,
      version: manifest.version,
      startedAt: new Date().toISOString(),
      extDir,
      hadFolder: await exists(extDir),
      backupDir,
      recordBefore: recordToJournal(before),
      migrationsBefore: await deps.appliedMigrations(name),
      committed: false,
    };
    // Before the first change: a process that dies from here on is rolled back by the next one.
    await writeJournal(paths.data, journal);
    try {
      const oldManifest = isUpgrade ? await readInstalledManifest(extDir) : null;
      if (oldManifest) {
        await steps.run('old-before-uninstall', `Running beforeUninstall of ${oldManifest.version}`, async () => {
          const script = await loadLifecycleScript(extDir, oldManifest, 'beforeUninstall');
          if (!(await runLifecycleScript(script, context(oldManifest.version))))
            steps.skip('old-before-uninstall', 'no beforeUninstall script');
        });
      }
      if (await exists(extDir)) {
        await steps.run('backup', `Backing up ${path.relative(paths.root, extDir)}`, () => moveDir(extDir, backupDir));
        steps.onRollback(`restore ${path.relative(paths.root, extDir)} from the backup`, async () => {
          await rm(extDir, { recursive: true, force: true });
          await moveDir(backupDir, extDir);
        });
      } else {
        steps.onRollback(`remove ${path.relative(paths.root, extDir)}`, () =>
          rm(extDir, { recursive: true, force: true }),
        );
      }
      await steps.run('copy-files', `Copying ${pkg.files.length} files`, () => copyFiles(pkg.dir, pkg.files, extDir));
      const entry = await steps.run('load-entry', 'Loading the extension entry', async () => {
        const loaded = await deps.importEntry(extDir, manifest);
        if (loaded.name !== name)
          throw new Error(`the entry names itself "${loaded.name}", extension.json says "${name}"`);
        return loaded;
      });
      const migrations = entry.migrations ?? [];
      // Registered before running: a migration that fails midway leaves the earlier ones of this run
      // applied, and those are found by comparing with the list taken now.
      const appliedBefore = new Set(await deps.appliedMigrations(name));
      steps.onRollback('revert migrations applied by this install', async () => {
        const now = (await deps.appliedMigrations(name)).filter((m) => !appliedBefore.has(m));
        if (now.length > 0) await deps.revertMigrations(name, migrations, now);
      });
      await steps.run('migrate', `Running migrations (${migrations.length} defined)`, async () => {
        applied = await deps.runMigrations(name, migrations);
      });
      for (const script of ['beforeInstall', 'afterInstall'] as const) {
        await steps.run(script, `Running ${script}`, async () => {
          const loaded = await loadLifecycleScript(extDir, manifest, script);
          if (!(await runLifecycleScript(loaded, context(manifest.version)))) steps.skip(script, `no ${script} script`);
        });
      }
      steps.onRollback('restore the Extension record', () => records.restore(name, before));
      await steps.run('save-record', 'Saving the Extension record', () =>
        records.saveInstalled(manifest, pkg.files, new Date()),
      );
      await steps.run('rebuild-cache', 'Rebuilding the metadata and i18n cache', () => deps.rebuildResources());
      await writeJournal(paths.data, { ...journal, committed: true });
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure('install', 'Installing', error);
      const problems = await rollbackAndRebuild(steps, deps);
      await removeJournal(paths.data);
      const tail =
        problems.length === 0 ? 'Everything was rolled back.' : `Rollback incomplete: ${problems.join('; ')}`;
      const interrupted = guard.interruption ?? (failure.cause instanceof InstallInterrupted ? failure.cause : null);
      logger.error(interrupted ? 'extension install interrupted' : 'extension install failed', {
        extension: name,
        step: failure.step,
        rollbackProblems: problems.length,
      });
      if (interrupted) {
        throw extensionError(
          'INSTALL_INTERRUPTED',
          `Installing ${name} ${manifest.version} was stopped at step "${failure.step}" (${interrupted.reason}). ${tail}`,
          interrupted,
        );
      }
      throw extensionError(
        'INSTALL_FAILED',
        `Installing ${name} ${manifest.version} failed at step "${failure.step}" (${failure.message}). ${tail}`,
        failure.cause,
      );
    }
    await rm(backupDir, { recursive: true, force: true });
    await removeJournal(paths.data);
    logger.info('extension installed', { extension: name, version: manifest.version, previousVersion });
    progress({
      kind: 'done',
      message: `${name} ${manifest.version} installed${previousVersion ? ` (was ${previousVersion})` : ''}`,
    });
    return {
      name,
      version: manifest.version,
      previousVersion,
      isUpgrade,
      files: pkg.files.length,
      migrations: applied,
    };
  } finally {
    await pkg.dispose();
  }
}

/** Checks throw HostErrors with their own code; unwrap them from the step wrapper. */
async function unwrap<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw error instanceof StepFailure ? error.cause : error;
  }
}
