import { expect } from 'chai';
import { negotiateLanguage } from '../../src/http/language.js';

describe('http/language', () => {
  const available = ['en_US', 'de_DE', 'fr_FR'];

  it('picks the best available language by q, then by order', () => {
    expect(negotiateLanguage('fr-FR,de-DE;q=0.9', available)).to.equal('fr_FR');
    expect(negotiateLanguage('es-ES, de;q=0.5, fr;q=0.8', available)).to.equal('fr_FR');
    expect(negotiateLanguage('de', available)).to.equal('de_DE');
  });

  it('falls back to the configured language, then en_US', () => {
    expect(negotiateLanguage('es-ES', available, 'de_DE')).to.equal('de_DE');
    expect(negotiateLanguage(undefined, available, 'xx_XX')).to.equal('en_US');
    expect(negotiateLanguage('fr;q=0', available)).to.equal('en_US');
  });
});
