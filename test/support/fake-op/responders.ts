import { type Behaviour, type NormalResponder } from './endpoint-behaviours.js';
import { send, sendJson, type Exchange } from './exchange.js';

/** Runs the behaviour `name` of `registry`, or the normal responder when no behaviour is set. */
export async function respond(
  ex: Exchange,
  registry: Record<string, Behaviour>,
  name: string | undefined,
  normal: NormalResponder,
): Promise<void> {
  return name ? registry[name](ex, normal) : normal();
}

/** A NormalResponder sending the JSON object `build` yields (nothing when it yields undefined: it answered). */
export function jsonResponder(
  ex: Exchange,
  build: () => Promise<Record<string, unknown> | undefined>,
): NormalResponder {
  return async (transform) => {
    const body = await build();
    if (!body) return;
    const replaced = transform?.(body);
    if (typeof replaced === 'string') send(ex, 200, replaced, { 'content-type': 'application/json' });
    else sendJson(ex, 200, body);
  };
}
