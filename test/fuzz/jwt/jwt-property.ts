import fc from 'fast-check';
import { HANG_MS, type Tally } from '../support/bounds.js';
import { buildToken, FuzzFinding, verifyOne, type JwtTarget } from './jwt-target.js';
import { tokenRecipe, type TokenRecipe } from './token-recipes.js';

/**
 * The JWT fuzz property over several verifiers: every input ends in a coded rejection or a correct
 * acceptance (see `verifyOne`), and no single input takes longer than {@link HANG_MS}.
 */
export function jwtProperty(
  targets: readonly JwtTarget[],
  tally: Tally,
): fc.IAsyncPropertyWithHooks<[[number, TokenRecipe]]> {
  const recipes = targets.map((t) => tokenRecipe(t.alg, t.nowSec));
  return fc.asyncProperty(
    fc.nat({ max: targets.length - 1 }).chain((i) => fc.tuple(fc.constant(i), recipes[i]!)),
    async ([i, recipe]) => {
      const target = targets[i]!;
      const token = buildToken(recipe, target);
      const started = performance.now();
      const outcome = await verifyOne(target, token);
      const ms = performance.now() - started;
      if (ms > HANG_MS) throw new FuzzFinding(`${target.alg}: one verification took ${ms.toFixed(0)} ms`);
      tally.add(outcome.accepted ? 'ACCEPT' : outcome.code, ms);
    },
  );
}
