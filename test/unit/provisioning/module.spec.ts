import { expect } from 'chai';
import { TYPES } from 'crm-host/sdk';
import { Container, ContainerModule, injectable } from 'inversify';
import type { Claims } from '../../../src/provisioning/claims.js';
import { StandardClaimFieldMapper } from '../../../src/provisioning/field-mapper.js';
import { defaultLoginPolicy } from '../../../src/provisioning/login-policy.js';
import { bindProvisioning } from '../../../src/provisioning/module.js';
import { DefaultProvisioningService } from '../../../src/provisioning/provisioning-service.js';
import { RuleTeamMapper } from '../../../src/provisioning/team-mapper.js';
import { DEFAULT_TEAM_MAPPING_LIMITS, type TeamMappingLimits } from '../../../src/provisioning/team-rules.js';
import { PROVISIONING_TYPES } from '../../../src/provisioning/tokens.js';
import {
  ClaimUsernameStrategy,
  type UsernameResult,
  type UsernameStrategy,
} from '../../../src/provisioning/username.js';

function hostServices(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TYPES.Persistence).toConstantValue({});
    bind(TYPES.Logger).toConstantValue({});
    bind(TYPES.Clock).toConstantValue({ now: () => 0 });
  });
}

@injectable()
class EmployeeIdUsernames implements UsernameStrategy {
  userNameFor(claims: Claims): UsernameResult {
    return typeof claims['employee_id'] === 'string'
      ? { ok: true, userName: `emp-${claims['employee_id']}` }
      : { ok: false, code: 'ERR_OIDC_USERNAME_CLAIM_MISSING' };
  }
}

describe('provisioning/module: DI bindings', () => {
  it('binds every provisioning service under its Symbol.for token', async () => {
    const container = new Container();
    await container.load(hostServices(), new ContainerModule((options) => bindProvisioning(options)));
    expect(container.get(PROVISIONING_TYPES.UsernameStrategy)).to.be.instanceOf(ClaimUsernameStrategy);
    expect(container.get(PROVISIONING_TYPES.TeamMapper)).to.be.instanceOf(RuleTeamMapper);
    expect(container.get(PROVISIONING_TYPES.ClaimFieldMapper)).to.be.instanceOf(StandardClaimFieldMapper);
    expect(container.get(PROVISIONING_TYPES.LoginPolicy)).to.equal(defaultLoginPolicy);
    expect(container.get(PROVISIONING_TYPES.ProvisioningService)).to.be.instanceOf(DefaultProvisioningService);
    expect(container.get(PROVISIONING_TYPES.ProvisioningService)).to.equal(
      container.get(PROVISIONING_TYPES.ProvisioningService),
    );
    expect(container.get<TeamMappingLimits>(PROVISIONING_TYPES.TeamMappingLimits)).to.deep.equal(
      DEFAULT_TEAM_MAPPING_LIMITS,
    );
    expect(PROVISIONING_TYPES.TeamMapper).to.equal(Symbol.for('oidc-auth.provisioning.TeamMapper'));
  });

  it('takes limit overrides', async () => {
    const container = new Container();
    await container.load(
      hostServices(),
      new ContainerModule((options) => bindProvisioning(options, { limits: { maxGroups: 50 } })),
    );
    expect(container.get<TeamMappingLimits>(PROVISIONING_TYPES.TeamMappingLimits)).to.include({
      maxGroups: 50,
      maxRules: 1_000,
    });
  });

  it('lets a later module replace a strategy, and the service uses the replacement', async () => {
    const container = new Container();
    await container.load(
      hostServices(),
      new ContainerModule((options) => bindProvisioning(options)),
      new ContainerModule(({ rebind }) => {
        rebind<UsernameStrategy>(PROVISIONING_TYPES.UsernameStrategy).to(EmployeeIdUsernames).inSingletonScope();
      }),
    );
    const strategy = container.get<UsernameStrategy>(PROVISIONING_TYPES.UsernameStrategy);
    expect(strategy.userNameFor({ employee_id: '42' }, 'ignored')).to.deep.equal({ ok: true, userName: 'emp-42' });
    const service = container.get<DefaultProvisioningService>(PROVISIONING_TYPES.ProvisioningService);
    expect((service as unknown as { usernames: UsernameStrategy }).usernames).to.equal(strategy);
  });
});
