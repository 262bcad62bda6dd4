import { expect } from 'chai';
import { literalPrefix, literalSuffix } from '../../../src/provisioning/literal-prefix.js';

describe('provisioning/literal-prefix: pattern index keys', () => {
  const prefixes: Array<[string, string | null]> = [
    ['^crm-(.+)$', 'crm-'],
    ['^crm\\-x', 'crm-x'],
    ['^a\\.b', 'a.b'],
    ['^ab?', 'a'],
    ['^ab*', 'a'],
    ['^ab{2}', 'a'],
    ['^a+b', 'a'],
    ['^\\d+', null],
    ['^[ab]', null],
    ['^(crm)-x', null],
    ['^a|^b', null],
    ['^x(a|b)', 'x'],
    ['crm-', null],
    ['^', null],
  ];
  for (const [source, expected] of prefixes) {
    it(`prefix of /${source}/ is ${JSON.stringify(expected)}`, () => expect(literalPrefix(source)).to.equal(expected));
  }

  const suffixes: Array<[string, string | null]> = [
    ['-admins$', '-admins'],
    ['(.+)-role\\.x$', '-role.x'],
    ['ab?$', null],
    ['ab+$', null],
    ['ab{2}$', null],
    ['[ab]$', null],
    ['a|b$', null],
    ['\\x62$', null],
    ['\\$', null],
    ['a\\\\$', 'a\\'],
    ['(a)b$', 'b'],
    ['abc', null],
  ];
  for (const [source, expected] of suffixes) {
    it(`suffix of /${source}/ is ${JSON.stringify(expected)}`, () => expect(literalSuffix(source)).to.equal(expected));
  }

  it('returns only text that every match really starts/ends with', () => {
    for (const [source, prefix] of prefixes)
      if (prefix)
        for (const s of ['crm-xyz', 'a.b', 'ab', 'aab', 'x-a'])
          if (new RegExp(source).test(s)) expect(s.startsWith(prefix), `${source} ${s}`).to.equal(true);
    for (const [source, suffix] of suffixes)
      if (suffix)
        for (const s of ['x-admins', 'q-role.x', 'ab', 'a\\'])
          if (new RegExp(source).test(s)) expect(s.endsWith(suffix), `${source} ${s}`).to.equal(true);
  });
});
