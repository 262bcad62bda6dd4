/**
 * Picks the UI language from Accept-Language among the languages the host has, else `fallback` (config
 * `language`) when available, else en_US.
 */
export function negotiateLanguage(
  header: string | string[] | undefined,
  available: readonly string[],
  fallback = 'en_US',
): string {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  const wanted = raw
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { tag: tag.trim().replace('-', '_'), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = available.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const prefix = available.find((l) => l.toLowerCase().startsWith(`${tag.split('_')[0].toLowerCase()}_`));
    if (prefix) return prefix;
  }
  return available.includes(fallback) ? fallback : 'en_US';
}
