import { expect } from 'chai';
import { StandardClaimFieldMapper } from '../../../src/provisioning/field-mapper.js';

describe('provisioning/field-mapper: claims to profile fields', () => {
  const mapper = new StandardClaimFieldMapper();
  const keep = { clearOnNull: false };

  it('maps the standard claims', () => {
    const claims = {
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@example.com',
      phone_number: '+44 20 1234',
    };
    expect(mapper.map(claims, keep)).to.deep.equal({
      values: {
        name: 'Ada Lovelace',
        firstName: 'Ada',
        lastName: 'Lovelace',
        emailAddress: 'ada@example.com',
        phoneNumber: '+44 20 1234',
      },
      warnings: [],
    });
  });

  it('regression, EspoCRM #3638: an absent claim (e.g. phone_number) produces no value, so its field is left alone', () => {
    expect(mapper.map({ given_name: 'Ada' }, keep).values).to.deep.equal({ firstName: 'Ada' });
    expect(mapper.map({}, keep).values).to.deep.equal({});
  });

  it('an explicit null (or empty text) leaves the field alone by default and clears it with clearOnNull', () => {
    const claims = { phone_number: null, family_name: '  ' };
    expect(mapper.map(claims, keep).values).to.deep.equal({});
    expect(mapper.map(claims, { clearOnNull: true }).values).to.deep.equal({ phoneNumber: null, lastName: null });
  });

  it('ignores values of another type, too long for the field, or emails without @ (with one warning)', () => {
    const r = mapper.map(
      { name: 42, given_name: 'x'.repeat(101), email: 'not-an-email', family_name: 'Ok' },
      { clearOnNull: true },
    );
    expect(r.values).to.deep.equal({ lastName: 'Ok' });
    expect(r.warnings).to.deep.equal([
      { code: 'WARN_OIDC_CLAIM_IGNORED', detail: { claims: 'name, given_name, email' } },
    ]);
  });

  it('trims values and never reads inherited properties', () => {
    expect(mapper.map({ given_name: '  Ada ' }, keep).values).to.deep.equal({ firstName: 'Ada' });
    expect(
      mapper.map(Object.create({ email: 'proto@example.com' }) as Record<string, unknown>, keep).values,
    ).to.deep.equal({});
  });

  it('can be extended by a subclass with its own claim table', () => {
    class NicknameMapper extends StandardClaimFieldMapper {
      protected override readonly rules = [{ field: 'name' as const, claim: 'nickname', maxLength: 255 }];
    }
    expect(new NicknameMapper().map({ name: 'A', nickname: 'Nick' }, keep).values).to.deep.equal({ name: 'Nick' });
  });
});
