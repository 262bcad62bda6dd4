/** A form found in an HTML page: enough to replay what a browser would submit. */
export interface HtmlForm {
  id?: string;
  action?: string;
  method: string;
  /** name -> value of every <input> (hidden or not) with a name, in document order. */
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
  '#x2F': '/',
  '#47': '/',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (ENTITIES[name] !== undefined) return ENTITIES[name];
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return whole;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '');
}

/** Extracts the forms of a page with regular expressions (cheap; enough for oidc-provider's pages). */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  const formPattern = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
  for (let m = formPattern.exec(html); m; m = formPattern.exec(html)) {
    const tag = `<form ${m[1]}>`;
    const fields: Record<string, string> = {};
    const inputPattern = /<input\b[^>]*>/gi;
    for (let i = inputPattern.exec(m[2]); i; i = inputPattern.exec(m[2])) {
      const name = attribute(i[0], 'name');
      if (name !== undefined) fields[name] = attribute(i[0], 'value') ?? '';
    }
    forms.push({
      id: attribute(tag, 'id'),
      action: attribute(tag, 'action'),
      method: (attribute(tag, 'method') ?? 'get').toUpperCase(),
      fields,
    });
  }
  return forms;
}
