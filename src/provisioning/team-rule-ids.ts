import { TYPES, type ConfigValue, type Persistence, type SettingsChange, type SettingsValidator } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { TeamMappingRule } from '../settings/types.js';
import { attachRuleTeamIds } from './rule-teams.js';

/**
 * Saves `oidcTeams` rules with the id of the team they name (when it exists), so that a rule keeps its
 * team when the team is renamed, whichever way the rules were written (form, API, `crm-host config set`).
 * Refuses nothing: a rule whose team does not exist is saved as is and warned about (test login, form).
 */
@injectable()
export class TeamRuleIdsOnSave implements SettingsValidator {
  constructor(@inject(TYPES.Persistence) private readonly persistence: Persistence) {}

  validate(): null {
    return null;
  }

  async normalize(change: SettingsChange): Promise<Record<string, ConfigValue> | null> {
    const rules = change.patch['oidcTeams'];
    if (!Array.isArray(rules) || rules.length === 0) return null;
    const em = this.persistence.em();
    try {
      const attached = await attachRuleTeamIds(em, rules as unknown as TeamMappingRule[]);
      return attached ? { oidcTeams: attached as unknown as ConfigValue } : null;
    } finally {
      em.clear();
    }
  }
}
