/** Longest team name, in characters (after trimming). */
export const TEAM_NAME_MAX_LENGTH = 255;

/** A team as the {@link TeamDirectory} shows it. Team ids never change; names may (rename). */
export interface TeamInfo {
  id: string;
  name: string;
  description: string | null;
  /** How many users are in the team (any membership source). */
  memberCount: number;
  createdAt: Date;
}

/**
 * Teams of the host (`TYPES.TeamDirectory`): the admin API, the CLI and extensions create and rename teams
 * through it. Names are trimmed, 1 to {@link TEAM_NAME_MAX_LENGTH} characters without control characters,
 * and unique ignoring case; bad input throws a `HostError` (`ERR_TEAM_INVALID` 400, `ERR_TEAM_NAME_TAKEN`
 * 409, `ERR_TEAM_NOT_FOUND` 404). Keep a team's `id` (not its name) where a reference must survive a
 * rename.
 */
export interface TeamDirectory {
  /** Every team, by name. */
  list(): Promise<TeamInfo[]>;
  findById(id: string): Promise<TeamInfo | null>;
  /** Exact name (after trimming), else the one team whose name matches ignoring case; null when none. */
  findByName(name: string): Promise<TeamInfo | null>;
  create(name: string): Promise<TeamInfo>;
  /** Renames by id; memberships and the id stay. */
  rename(id: string, name: string): Promise<TeamInfo>;
  /** Deletes by id with all its memberships; returns how many memberships were removed. */
  delete(id: string): Promise<{ removedMemberships: number }>;
}
