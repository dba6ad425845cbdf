/**
 * A small JSON-LD 1.1 expansion, offline, for documents with an inline context of prefixes (as case.jsonld is):
 * compact IRIs and terms become absolute IRIs, values become value objects, `@graph` is unwrapped. It follows the
 * expansion algorithm for that subset and is stricter than a processor: where a processor would silently drop
 * a key or value it cannot expand to an absolute IRI, this throws, naming it. No network: a remote context throws.
 */
export type Expanded = { [key: string]: unknown };

type Context = Map<string, string>;

export function expandJsonLd(doc: unknown): Expanded[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('A JSON-LD document is an object here.');
  const d = doc as Record<string, unknown>;
  const ctx = context(d['@context']);
  const top = d['@graph'] !== undefined ? d['@graph'] : [doc];
  if (!Array.isArray(top)) throw new Error('@graph must be an array.');
  return top.map((n, i) => node(ctx, n, `@graph[${i}]`));
}

function context(raw: unknown): Context {
  if (typeof raw === 'string' || Array.isArray(raw))
    throw new Error('Remote or array contexts are not loaded (no network).');
  if (!raw || typeof raw !== 'object') throw new Error('The document has no inline @context.');
  const ctx: Context = new Map();
  for (const [term, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new Error(`Term ${term}: only prefix definitions are expected.`);
    if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) throw new Error(`Term ${term} maps to ${value}, not an absolute IRI.`);
    if (!/[/#:?[\]@]$/.test(value))
      throw new Error(`Prefix ${term} (${value}) does not end with a gen-delim character.`);
    ctx.set(term, value);
  }
  return ctx;
}

/** IRI expansion (JSON-LD 1.1 §5.2): a term, a compact IRI `prefix:suffix`, or an absolute IRI. */
export function expandIri(ctx: Context, value: string, where: string): string {
  if (value.startsWith('@')) return value;
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    const suffix = value.slice(colon + 1);
    if (suffix.startsWith('//')) return value;
    const iri = ctx.get(prefix);
    if (iri !== undefined) return iri + suffix;
    if (/^[a-z][a-z0-9+.-]*$/i.test(prefix)) return value; // an absolute IRI of another scheme (urn:, mailto:)
  }
  const term = ctx.get(value);
  if (term !== undefined) return term;
  throw new Error(`${where}: “${value}” does not expand to an absolute IRI with this context.`);
}

function node(ctx: Context, raw: unknown, where: string): Expanded {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${where} is not a node object.`);
  const out: Expanded = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '@id') {
      out['@id'] = expandIri(ctx, String(value), `${where}.@id`);
      continue;
    }
    if (key === '@type') {
      const types = Array.isArray(value) ? value : [value];
      out['@type'] = types.map((t, i) => expandIri(ctx, String(t), `${where}.@type[${i}]`));
      continue;
    }
    if (key.startsWith('@')) throw new Error(`${where}: keyword ${key} is not expected in a node here.`);
    const prop = expandIri(ctx, key, `${where}.${key}`);
    const values = Array.isArray(value) ? value : [value];
    out[prop] = values.map((v, i) => item(ctx, v, `${where}.${key}[${i}]`));
  }
  return out;
}

function item(ctx: Context, v: unknown, where: string): Expanded {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { '@value': v };
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where}: not a value, reference or node.`);
  const o = v as Record<string, unknown>;
  if ('@value' in o) {
    const extra = Object.keys(o).filter((k) => k !== '@value' && k !== '@type');
    if (extra.length) throw new Error(`${where}: a value object with ${extra.join(', ')}.`);
    return o['@type'] === undefined
      ? { '@value': o['@value'] }
      : { '@value': o['@value'], '@type': expandIri(ctx, String(o['@type']), `${where}.@type`) };
  }
  return node(ctx, o, where);
}
