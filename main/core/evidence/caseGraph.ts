/**
 * The package's CASE/UCO graph (case.jsonld, docs/evidence-package.md): JSON-LD with its own inline context (no
 * network needed to expand it), following the shapes of the CASE examples:
 * - every payload file is a `uco-observable:File` with a `FileFacet` (name, path, size) and a `ContentDataFacet`
 *   (type, size, SHA-256 and SHA-512 as `uco-types:Hash`);
 * - each search or addition that found the package's detections, and the packaging itself, is a
 *   `case-investigation:InvestigativeAction` with its performer, start and end time, instrument (Canvass), object
 *   (the agency's ALPR data on this workstation) and result (the files it bears on);
 * - the packaging's result is a `case-investigation:ProvenanceRecord` carrying the exhibit (evidence item) number
 *   and the files; the `case-investigation:Investigation` (the case) gathers the actions and the record.
 */
import type { AccessFact, EvidenceContent, Person } from './content';

export const CASE_CONTEXT = {
  'case-investigation': 'https://ontology.caseontology.org/case/investigation/',
  'uco-action': 'https://ontology.unifiedcyberontology.org/uco/action/',
  'uco-core': 'https://ontology.unifiedcyberontology.org/uco/core/',
  'uco-identity': 'https://ontology.unifiedcyberontology.org/uco/identity/',
  'uco-location': 'https://ontology.unifiedcyberontology.org/uco/location/',
  'uco-observable': 'https://ontology.unifiedcyberontology.org/uco/observable/',
  'uco-tool': 'https://ontology.unifiedcyberontology.org/uco/tool/',
  'uco-types': 'https://ontology.unifiedcyberontology.org/uco/types/',
  'uco-vocabulary': 'https://ontology.unifiedcyberontology.org/uco/vocabulary/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

export type HashedFile = { path: string; byteLength: number; mime: string; sha256: string; sha512: string };

type Node = { '@id': string; '@type': string; [key: string]: unknown };

const dateTime = (iso: string) => ({ '@type': 'xsd:dateTime', '@value': iso });
const integer = (n: number) => ({ '@type': 'xsd:integer', '@value': String(n) });
const ref = (id: string) => ({ '@id': id });

/** The graph's IRIs live under the agency and item: `urn:canvass:<agency>:<item>:`. */
export function graphBase(c: Pick<EvidenceContent, 'agency' | 'itemNumber'>): string {
  const agency = (c.agency.ori ?? c.agency.name).replace(/[^A-Za-z0-9-]+/g, '-');
  return `urn:canvass:${agency}:${c.itemNumber}:`;
}

function fileNode(f: HashedFile, id: string, description: string | null): Node {
  const name = f.path.slice(f.path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return {
    '@id': id,
    '@type': 'uco-observable:File',
    ...(description ? { 'uco-core:description': description } : {}),
    'uco-core:hasFacet': [
      {
        '@id': `${id}-file`,
        '@type': 'uco-observable:FileFacet',
        'uco-observable:fileName': name,
        'uco-observable:filePath': f.path,
        ...(dot > 0 ? { 'uco-observable:extension': name.slice(dot + 1) } : {}),
        'uco-observable:sizeInBytes': integer(f.byteLength),
      },
      {
        '@id': `${id}-content`,
        '@type': 'uco-observable:ContentDataFacet',
        'uco-observable:mimeType': f.mime,
        'uco-observable:sizeInBytes': integer(f.byteLength),
        'uco-observable:hash': [
          hashNode(`${id}-sha256`, 'SHA256', f.sha256),
          hashNode(`${id}-sha512`, 'SHA512', f.sha512),
        ],
      },
    ],
  };
}

function hashNode(id: string, method: 'SHA256' | 'SHA512', hex: string) {
  return {
    '@id': id,
    '@type': 'uco-types:Hash',
    'uco-types:hashMethod': { '@type': 'uco-vocabulary:HashNameVocab', '@value': method },
    'uco-types:hashValue': { '@type': 'xsd:hexBinary', '@value': hex },
  };
}

/**
 * Builds the graph. `files` are the payload files with their hashes; `packagedAt` is when the payload was
 * written and hashed (the packaging action's end). Returns the JSON-LD text.
 */
export function caseGraph(
  c: EvidenceContent,
  files: readonly HashedFile[],
  packagedAt: string,
  workstation: string,
): string {
  const kb = graphBase(c);
  const nodes: Node[] = [];
  const personId = (username: string) => `${kb}person-${username.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const people = new Map<string, Person>();
  const addPerson = (p: Person) => people.set(p.username, p);
  addPerson(c.technician);
  for (const a of c.access) if (a.username) addPerson({ username: a.username, fullName: a.fullName });

  const fileIds = new Map<string, string>();
  files.forEach((f, i) => fileIds.set(f.path, `${kb}file-${i + 1}`));
  const imageOwner = new Map<string, string>();
  for (const d of c.detections) {
    const what = `detection ${d.detectionId} (${d.detection.plate}${d.detection.state ? `, ${d.detection.state}` : ''}) seen ${d.detection.seenAt} by camera ${d.detection.cameraId}`;
    if (d.plate) imageOwner.set(d.plate.file, `Plate crop of ${what}, as the agency stored it`);
    if (d.overview) imageOwner.set(d.overview.file, `Overview image of ${what}, as the agency stored it`);
  }

  const organization = `${kb}organization`;
  const tool = `${kb}tool-canvass`;
  const source = `${kb}source-store`;
  const investigation = `${kb}investigation`;
  const provenance = `${kb}provenance-record`;
  const packaging = `${kb}action-packaging`;

  nodes.push({
    '@id': organization,
    '@type': 'uco-identity:Organization',
    'uco-core:name': c.agency.name,
    ...(c.agency.ori ? { 'uco-core:description': `ORI ${c.agency.ori}` } : {}),
  });
  for (const p of people.values()) {
    nodes.push({
      '@id': personId(p.username),
      '@type': 'uco-identity:Person',
      'uco-core:name': p.fullName ?? p.username,
    });
  }
  nodes.push({
    '@id': tool,
    '@type': 'uco-tool:Tool',
    'uco-core:name': 'Canvass',
    'uco-tool:toolType': 'ALPR investigations workstation',
    'uco-tool:version': c.canvassVersion,
    'uco-tool:creator': ref(organization),
  });
  nodes.push({
    '@id': source,
    '@type': 'uco-observable:ObservableObject',
    'uco-core:name': `ALPR data of ${c.agency.name} held by workstation ${workstation}`,
    'uco-core:description':
      "The workstation's encrypted copy of the agency's ALPR detections, images and hits, synced from the agency server.",
  });
  for (const f of files) nodes.push(fileNode(f, fileIds.get(f.path)!, imageOwner.get(f.path) ?? null));

  const detectionFiles = (ids: readonly number[]) => {
    const wanted = new Set(ids);
    const out = [fileIds.get('data/detections.csv')].filter((x): x is string => !!x);
    for (const d of c.detections) {
      if (!wanted.has(d.detectionId)) continue;
      for (const img of [d.plate, d.overview]) if (img && fileIds.has(img.file)) out.push(fileIds.get(img.file)!);
    }
    return [...new Set(out)].map(ref);
  };
  const actionIds = c.access.map((a) => `${kb}action-access-${a.seq}`);
  c.access.forEach((a: AccessFact, i) => {
    nodes.push({
      '@id': actionIds[i]!,
      '@type': 'case-investigation:InvestigativeAction',
      'uco-core:name': a.action,
      'uco-core:description': `${a.summary}${a.purpose ? ` — purpose: ${a.purpose}` : ''} (access-log record ${a.seq})`,
      ...(a.username ? { 'uco-action:performer': ref(personId(a.username)) } : {}),
      'uco-action:instrument': ref(tool),
      'uco-action:startTime': dateTime(a.at),
      'uco-action:endTime': dateTime(a.at),
      'uco-action:object': [ref(source)],
      'uco-action:result': detectionFiles(a.detectionIds),
    });
  });
  nodes.push({
    '@id': packaging,
    '@type': 'case-investigation:InvestigativeAction',
    'uco-core:name': 'evidence.package',
    'uco-core:description': `Evidence package ${c.itemNumber} of case ${c.caseNumber} built from the case's collection (${c.detections.length} detections), written to portable media and read back`,
    'uco-action:performer': ref(personId(c.technician.username)),
    'uco-action:instrument': ref(tool),
    'uco-action:startTime': dateTime(c.createdAt),
    'uco-action:endTime': dateTime(packagedAt),
    'uco-action:object': [ref(source)],
    'uco-action:result': [ref(provenance)],
  });
  nodes.push({
    '@id': provenance,
    '@type': 'case-investigation:ProvenanceRecord',
    'case-investigation:exhibitNumber': c.itemNumber,
    'case-investigation:rootExhibitNumber': c.itemNumber,
    'uco-core:description': `The payload of evidence package ${c.itemNumber}: every file under data/, as listed with its SHA-256 in manifest-sha256.txt`,
    'uco-core:object': files.map((f) => ref(fileIds.get(f.path)!)),
  });
  nodes.push({
    '@id': investigation,
    '@type': 'case-investigation:Investigation',
    'uco-core:name': c.caseNumber,
    'case-investigation:focus': 'ALPR detections collected for the case',
    'uco-core:object': [...actionIds, packaging, provenance].map(ref),
  });
  return `${JSON.stringify({ '@context': CASE_CONTEXT, '@graph': nodes }, null, 1)}\n`;
}
