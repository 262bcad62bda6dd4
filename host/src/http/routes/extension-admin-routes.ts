import path from 'node:path';
import { HOST_VERSION } from '../../../sdk/extension.js';
import type { HttpRequest, RouteDefinition } from '../../../sdk/http.js';
import { extensionError } from '../../extensions/errors.js';
import { managerDepsFromHost } from '../../extensions/host-deps.js';
import { liveLockOwner } from '../../extensions/lock.js';
import { ExtensionManager, type InstalledExtensionInfo } from '../../extensions/manager.js';
import { MAX_UPLOAD_BYTES } from '../../extensions/package-limits.js';
import { previewPackage } from '../../extensions/package-preview.js';
import { ExtensionJobs, type ExtensionJob } from '../../extensions/ui-jobs.js';
import {
  assertUiInstallsEnabled,
  recordFingerprints,
  restartStatus,
  uiInstallsPolicy,
} from '../../extensions/ui-policy.js';
import { findUpload, removeUpload, safeUploadName, storeUpload, sweepUploads } from '../../extensions/ui-uploads.js';
import type { ProgressEvent } from '../../extensions/manager-deps.js';
import type { HttpContext } from '../http-context.js';
import { queryValue } from '../request-adapter.js';

const EXTENSION_NAME = /^[a-z][a-z0-9-]{1,62}[a-z0-9]$/;

function infoJson(e: InstalledExtensionInfo): Record<string, unknown> {
  return { ...e, installedAt: e.installedAt ? e.installedAt.toISOString() : null };
}

/**
 * Admin API of the extension manager (the admin page "Extensions"), running the same `ExtensionManager` as
 * `crm-host extension`: list, upload a package `.zip` (raw body) for a preview that installs nothing, install
 * an upload or uninstall as a background job whose progress lines any host process can answer, and whether
 * this process needs a restart. See docs/http-api.md#extensions.
 */
export function extensionAdminRoutes(ctx: HttpContext): RouteDefinition[] {
  const host = ctx.host;
  const data = host.paths.data;
  const manager = (): ExtensionManager => new ExtensionManager(managerDepsFromHost(host));
  const jobs = new ExtensionJobs(data);
  const log = host.logger.child('extensions');
  // What the records were when this server started: an install from anywhere changes them.
  const startRecords = recordFingerprints(host.persistence).catch(() => [] as string[]);
  const status = async () => restartStatus(host.paths, host.persistence, host.extensions, await startRecords);
  const actor = (request: HttpRequest): string => request.user?.userName ?? '(unknown)';
  const policy = () => uiInstallsPolicy(ctx.config);
  const notBusy = async (): Promise<void> => {
    const owner = await liveLockOwner(data);
    if (owner !== null)
      throw extensionError('BUSY', `Another extension install or uninstall is running (process ${owner})`);
  };
  const ended =
    (what: string) =>
    (job: ExtensionJob): void => {
      const fields = { by: job.by, extension: job.extension, version: job.version, jobId: job.id };
      if (job.state === 'done') log.info(`Extension ${what} from the admin UI finished`, { ...fields, ...job.result });
      else
        log.error(`Extension ${what} from the admin UI failed`, {
          ...fields,
          code: job.error?.code,
          step: job.error?.step,
        });
    };

  return [
    {
      method: 'GET',
      path: '/api/v1/Extension',
      access: 'admin',
      async handler(_request, reply) {
        const list = await manager().list();
        reply.json({
          list: list.map(infoJson),
          uiInstalls: policy(),
          ...(await status()),
          hostVersion: HOST_VERSION,
          maxUploadBytes: MAX_UPLOAD_BYTES,
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/Extension/status',
      access: 'admin',
      async handler(_request, reply) {
        reply.json(await status());
      },
    },
    {
      method: 'POST',
      path: '/api/v1/Extension/upload',
      access: 'admin',
      accepts: ['zip'],
      bodyLimit: MAX_UPLOAD_BYTES,
      async handler(request, reply) {
        assertUiInstallsEnabled(policy());
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw extensionError(
            'PACKAGE_INVALID',
            'Send the package .zip as the request body (Content-Type: application/zip)',
          );
        }
        await sweepUploads(data);
        const fileName = safeUploadName(queryValue(request, 'fileName'));
        const upload = await storeUpload(data, body, fileName);
        const by = actor(request);
        try {
          const preview = await previewPackage(managerDepsFromHost(host), upload.file);
          if (!preview.installable) await removeUpload(data, upload.id);
          log.info('Extension package uploaded in the admin UI', {
            by,
            extension: preview.name,
            version: preview.version,
            action: preview.action,
            installable: preview.installable,
          });
          reply.json({ uploadId: preview.installable ? upload.id : null, fileName, size: body.length, ...preview });
        } catch (error) {
          await removeUpload(data, upload.id);
          log.warn('Extension package refused in the admin UI', {
            by,
            fileName,
            code: (error as { code?: string }).code,
          });
          throw error;
        }
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/Extension/upload/:id',
      access: 'admin',
      async handler(request, reply) {
        await removeUpload(data, request.params['id'] ?? '');
        reply.json({ removed: true });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/Extension/install',
      access: 'admin',
      accepts: ['json'],
      async handler(request, reply) {
        assertUiInstallsEnabled(policy());
        const uploadId = (request.body as Record<string, unknown> | null)?.['uploadId'];
        const file = await findUpload(data, uploadId);
        const id = uploadId as string;
        await notBusy();
        const preview = await previewPackage(managerDepsFromHost(host), file).catch(async (error: unknown) => {
          await removeUpload(data, id);
          throw error;
        });
        const by = actor(request);
        log.info('Extension install started from the admin UI', {
          by,
          extension: preview.name,
          version: preview.version,
          previousVersion: preview.previousVersion,
        });
        const job = await jobs.start(
          { kind: 'install', extension: preview.name, version: preview.version, by },
          async (progress) => {
            try {
              // The lines name the uploaded file, not where the server keeps it.
              const shown = (event: ProgressEvent): void =>
                progress({ ...event, message: event.message.replaceAll(file, path.basename(file)) });
              return { ...(await manager().install(file, shown)) };
            } finally {
              await removeUpload(data, id);
            }
          },
          ended('install'),
        );
        reply.status(202).json({ jobId: job.id, job });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/Extension/:name',
      access: 'admin',
      async handler(request, reply) {
        assertUiInstallsEnabled(policy());
        const name = request.params['name'] ?? '';
        const installed = EXTENSION_NAME.test(name) ? (await manager().list()).find((e) => e.name === name) : undefined;
        if (!installed) throw extensionError('NOT_INSTALLED', `${name.slice(0, 64)} is not installed`);
        await notBusy();
        const by = actor(request);
        log.info('Extension uninstall started from the admin UI', { by, extension: name, version: installed.version });
        const job = await jobs.start(
          { kind: 'uninstall', extension: name, version: installed.version, by },
          async (progress) => ({ ...(await manager().uninstall(name, progress)) }),
          ended('uninstall'),
        );
        reply.status(202).json({ jobId: job.id, job });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/Extension/job/:id',
      access: 'admin',
      async handler(request, reply) {
        const job = await jobs.read(request.params['id'] ?? '');
        reply.json({ ...job, restartRequired: (await status()).restartRequired });
      },
    },
  ];
}
