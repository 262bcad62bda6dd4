/**
 * What grew between two heap snapshots of one process (e.g. `npm run fuzz -- --snapshots DIR`):
 *
 *   node --max-old-space-size=4000 tools/heap-snapshot-diff.mjs A.heapsnapshot B.heapsnapshot [--top 25]
 *        [--retainers "string"] [--depth 6]
 *
 * Without --retainers: the growth of count and self size per node type and constructor name.
 * With --retainers TYPE: for the nodes of that type that are new in B (node ids are stable within one
 * process), their retainer chains (first strong retainer, skipping strings), aggregated, most frequent
 * first: which object keeps them alive (e.g. `logs<-object:Object | host<-...`).
 */
import { readFileSync } from 'node:fs';

const [fileA, fileB] = process.argv.slice(2, 4);
if (!fileA || !fileB) {
  console.error('usage: heap-snapshot-diff.mjs A.heapsnapshot B.heapsnapshot [--top N] [--retainers TYPE] [--depth N]');
  process.exit(2);
}
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const top = Number(arg('top', 25));
const retainersOf = arg('retainers', undefined);
const depth = Number(arg('depth', 6));

function load(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const f = meta.node_fields;
  return {
    snap,
    n: f.length,
    types: meta.node_types[0],
    iType: f.indexOf('type'),
    iName: f.indexOf('name'),
    iId: f.indexOf('id'),
    iSize: f.indexOf('self_size'),
    iEdges: f.indexOf('edge_count'),
  };
}

const typeOf = (h, i) => h.types[h.snap.nodes[i * h.n + h.iType]];
function label(h, i) {
  const t = typeOf(h, i);
  const name = t.includes('string')
    ? '(string)'
    : t === 'code'
      ? '(code)'
      : String(h.snap.strings[h.snap.nodes[i * h.n + h.iName]]);
  return `${t}:${name.slice(0, 50)}`;
}

function sizes(h) {
  const out = new Map();
  const count = h.snap.nodes.length / h.n;
  for (let i = 0; i < count; i++) {
    const key = label(h, i);
    const a = out.get(key) ?? { count: 0, size: 0 };
    a.count++;
    a.size += h.snap.nodes[i * h.n + h.iSize];
    out.set(key, a);
  }
  return out;
}

const a = load(fileA);
if (!retainersOf) {
  const before = sizes(a);
  const after = sizes(load(fileB));
  const rows = [...after].map(([k, v]) => {
    const o = before.get(k) ?? { count: 0, size: 0 };
    return [k, v.count - o.count, v.size - o.size];
  });
  const total = rows.reduce((s, r) => s + r[2], 0);
  console.log(`self size grew ${(total / 1048576).toFixed(2)} MiB`);
  rows.sort((x, y) => y[2] - x[2]);
  for (const [k, c, s] of rows.slice(0, top))
    console.log(`${String(c).padStart(9)} ${(s / 1024).toFixed(0).padStart(8)} KiB  ${k}`);
} else {
  const known = new Set();
  for (let i = 0; i < a.snap.nodes.length; i += a.n) known.add(a.snap.nodes[i + a.iId]);
  a.snap = undefined;
  const b = load(fileB);
  const m = b.snap.snapshot.meta;
  const ef = m.edge_fields;
  const en = ef.length;
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((x) => ef.indexOf(x));
  const edgeTypes = m.edge_types[0];
  const count = b.snap.nodes.length / b.n;
  const parents = Array.from({ length: count }, () => []);
  for (let i = 0, e = 0; i < count; i++) {
    for (let k = 0; k < b.snap.nodes[i * b.n + b.iEdges]; k++, e += en) {
      const t = edgeTypes[b.snap.edges[e + eType]];
      if (t === 'weak') continue;
      const name = t === 'element' || t === 'hidden' ? '[n]' : b.snap.strings[b.snap.edges[e + eName]];
      parents[b.snap.edges[e + eTo] / b.n].push([i, name]);
    }
  }
  const chains = new Map();
  let fresh = 0;
  for (let i = 0; i < count; i++) {
    if (typeOf(b, i) !== retainersOf || known.has(b.snap.nodes[i * b.n + b.iId])) continue;
    fresh++;
    const parts = [];
    for (let d = 0, cur = i; d < depth; d++) {
      const p = parents[cur].find(([q]) => !typeOf(b, q).includes('string')) ?? parents[cur][0];
      if (!p) break;
      parts.push(`${p[1]}<-${label(b, p[0])}`);
      cur = p[0];
    }
    const key = parts.join(' | ');
    chains.set(key, (chains.get(key) ?? 0) + 1);
  }
  console.log(`${fresh} new nodes of type ${retainersOf}; retainer chains:`);
  for (const [k, v] of [...chains].sort((x, y) => y[1] - x[1]).slice(0, top))
    console.log(`${String(v).padStart(8)}  ${k}`);
}
