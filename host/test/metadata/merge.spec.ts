import { expect } from 'chai';
import { fillMissing, mergeLayers } from '../../src/metadata/merge.js';

describe('metadata merge rules', () => {
  it('merges objects deeply, later layer wins for scalars', () => {
    const merged = mergeLayers({ a: { b: 1, c: { d: 'x' } }, keep: true }, { a: { c: { d: 'y', e: 2 } } });
    expect(merged).to.deep.equal({ a: { b: 1, c: { d: 'y', e: 2 } }, keep: true });
  });

  it('replaces arrays unless the later array starts with "__APPEND__"', () => {
    expect(mergeLayers({ list: [1, 2] }, { list: [3] })).to.deep.equal({ list: [3] });
    expect(mergeLayers({ list: [1, 2] }, { list: ['__APPEND__', 3, 4] })).to.deep.equal({ list: [1, 2, 3, 4] });
  });

  it('removes the marker also where there is nothing to append to', () => {
    expect(mergeLayers({}, { list: ['__APPEND__', 'a'] })).to.deep.equal({ list: ['a'] });
    expect(mergeLayers({ list: 'scalar' }, { list: ['__APPEND__', 'a'] })).to.deep.equal({ list: ['a'] });
    expect(mergeLayers({}, { nested: { deep: ['__APPEND__'] } })).to.deep.equal({ nested: { deep: [] } });
  });

  it('does not modify its inputs and ignores __proto__ keys', () => {
    const base = { a: { b: [1] } };
    const over = JSON.parse('{"a":{"b":["__APPEND__",2]},"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const merged = mergeLayers(base, over) as Record<string, unknown>;
    expect(base).to.deep.equal({ a: { b: [1] } });
    expect(merged).to.deep.equal({ a: { b: [1, 2] } });
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('fills a language from en_US key by key', () => {
    const de = { Global: { labels: { Login: 'Anmelden' } } };
    const en = { Global: { labels: { Login: 'Log in', Logout: 'Log out' }, messages: { x: 'X' } } };
    expect(fillMissing(de, en)).to.deep.equal({
      Global: { labels: { Login: 'Anmelden', Logout: 'Log out' }, messages: { x: 'X' } },
    });
  });
});
