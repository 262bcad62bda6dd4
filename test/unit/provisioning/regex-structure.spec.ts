import { expect } from 'chai';
import { scanStructure, type StructureChar } from '../../../src/provisioning/regex-structure.js';

const structure = (source: string): Array<[StructureChar, number]> => {
  const seen: Array<[StructureChar, number]> = [];
  scanStructure(source, (ch, i) => {
    seen.push([ch, i]);
  });
  return seen;
};

describe('scanStructure (regex groups and alternations, shared by pattern-safety and literal-prefix)', () => {
  it('reports each (, ) and | in order with its index', () => {
    expect(structure('^(a|b)+$')).to.deep.equal([
      ['(', 1],
      ['|', 3],
      [')', 5],
    ]);
  });

  it('skips escaped characters and everything inside a character class (also an escaped ])', () => {
    expect(structure('\\(a\\|b\\)')).to.deep.equal([]);
    expect(structure('[(|)]x')).to.deep.equal([]);
    expect(structure('[\\](|]|c')).to.deep.equal([['|', 6]]);
  });

  it('stops at the first visit that answers true, and says so', () => {
    const seen: number[] = [];
    expect(scanStructure('a|b|c', (_ch, i) => (seen.push(i), true))).to.equal(true);
    expect(seen).to.deep.equal([1]);
    expect(scanStructure('abc', () => true)).to.equal(false);
  });
});
