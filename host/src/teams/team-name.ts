import { TEAM_NAME_MAX_LENGTH } from '../../sdk/teams.js';
import { teamError } from './team-errors.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A team name as given by an admin, a CLI or an extension: trimmed, 1..255 characters, no control characters. */
export function checkTeamName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : '';
  const problem =
    typeof input !== 'string'
      ? 'required: a text'
      : name === ''
        ? 'required: give a name'
        : [...name].length > TEAM_NAME_MAX_LENGTH
          ? `at most ${TEAM_NAME_MAX_LENGTH} characters`
          : CONTROL.test(name)
            ? 'no line breaks or control characters'
            : null;
  if (problem) throw teamError('ERR_TEAM_INVALID', `Team name: ${problem}`, 400, { name: problem });
  return name;
}
