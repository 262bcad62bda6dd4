import { expect } from 'chai';
import { HostError } from '../../../sdk/errors.js';

/** Awaits `promise`, which must reject with a HostError of `code`; returns that error. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<HostError> {
  try {
    await promise;
  } catch (error) {
    expect(HostError.is(error), String(error)).to.equal(true);
    expect((error as HostError).code, (error as Error).message).to.equal(code);
    return error as HostError;
  }
  throw new Error(`expected ${code}, but it resolved`);
}
