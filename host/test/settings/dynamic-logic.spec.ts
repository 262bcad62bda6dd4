import { expect } from 'chai';
import { evaluateCondition, fieldState, findViolations, type DynamicLogic } from '../../src/settings/dynamic-logic.js';

describe('settings/dynamic-logic', () => {
  const v = { method: 'Oidc', on: true, off: false, empty: '', list: ['a', 'b'], n: 3 };

  it('evaluates every condition type of the format', () => {
    const cases: Array<[object, boolean]> = [
      [{ type: 'equals', attribute: 'method', value: 'Oidc' }, true],
      [{ type: 'equals', attribute: 'method', value: 'Password' }, false],
      [{ type: 'notEquals', attribute: 'method', value: 'Password' }, true],
      [{ type: 'isTrue', attribute: 'on' }, true],
      [{ type: 'isTrue', attribute: 'off' }, false],
      [{ type: 'isFalse', attribute: 'off' }, true],
      [{ type: 'isFalse', attribute: 'missing' }, true],
      [{ type: 'isEmpty', attribute: 'empty' }, true],
      [{ type: 'isEmpty', attribute: 'list' }, false],
      [{ type: 'isNotEmpty', attribute: 'list' }, true],
      [{ type: 'in', attribute: 'method', value: ['Oidc', 'Ldap'] }, true],
      [{ type: 'notIn', attribute: 'method', value: ['Oidc'] }, false],
      [{ type: 'contains', attribute: 'list', value: 'b' }, true],
      [{ type: 'contains', attribute: 'list', value: 'z' }, false],
      [
        {
          type: 'and',
          value: [
            { type: 'isTrue', attribute: 'on' },
            { type: 'isFalse', attribute: 'off' },
          ],
        },
        true,
      ],
      [
        {
          type: 'and',
          value: [
            { type: 'isTrue', attribute: 'on' },
            { type: 'isTrue', attribute: 'off' },
          ],
        },
        false,
      ],
      [
        {
          type: 'or',
          value: [
            { type: 'isTrue', attribute: 'off' },
            { type: 'isTrue', attribute: 'on' },
          ],
        },
        true,
      ],
      [{ type: 'not', value: { type: 'isTrue', attribute: 'on' } }, false],
    ];
    for (const [condition, expected] of cases) {
      expect(evaluateCondition(condition as never, v), JSON.stringify(condition)).to.equal(expected);
    }
  });

  it('throws on an unknown condition type (a metadata mistake must not pass silently)', () => {
    expect(() => evaluateCondition({ type: 'toString', attribute: 'x' }, v)).to.throw(
      /Unknown dynamic-logic condition type/,
    );
    expect(() => evaluateCondition({ type: 'nope' }, v)).to.throw(/nope/);
  });

  it('computes field states; a field without rules is visible and optional', () => {
    expect(fieldState(undefined, v)).to.deep.equal({ visible: true, required: false, readOnly: false, invalid: null });
    const state = fieldState(
      {
        visible: { conditionGroup: [{ type: 'equals', attribute: 'method', value: 'Password' }] },
        required: { conditionGroup: [{ type: 'isTrue', attribute: 'on' }] },
        invalid: { conditionGroup: [{ type: 'isTrue', attribute: 'on' }], message: 'bad' },
      },
      v,
    );
    expect(state).to.deep.equal({ visible: false, required: true, readOnly: false, invalid: 'bad' });
  });

  it('finds required and invalid violations across several methods', () => {
    const oidc: DynamicLogic = {
      fields: {
        clientId: { required: { conditionGroup: [{ type: 'equals', attribute: 'method', value: 'Oidc' }] } },
        fallbackAdmins: {
          invalid: {
            conditionGroup: [
              { type: 'isTrue', attribute: 'fallbackAdmins' },
              { type: 'isFalse', attribute: 'fallback' },
            ],
            message: 'needsFallback',
          },
        },
      },
    };
    const other: DynamicLogic = {
      fields: { ldapHost: { required: { conditionGroup: [{ type: 'equals', attribute: 'method', value: 'Ldap' }] } } },
    };
    expect(
      findViolations([oidc, other, undefined], { method: 'Oidc', clientId: '', fallbackAdmins: true, fallback: false }),
    ).to.deep.equal([
      { field: 'clientId', rule: 'required', messageKey: 'fieldIsRequired' },
      { field: 'fallbackAdmins', rule: 'invalid', messageKey: 'needsFallback' },
    ]);
    expect(
      findViolations([oidc, other], { method: 'Oidc', clientId: 'x', fallbackAdmins: true, fallback: true }),
    ).to.deep.equal([]);
    expect(findViolations([oidc, other], { method: 'Password' })).to.deep.equal([]);
  });
});
