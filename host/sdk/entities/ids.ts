import { randomUUID } from 'node:crypto';

/** Primary keys are random UUIDs (36 characters) so that any host process can create rows. */
export function newId(): string {
  return randomUUID();
}
