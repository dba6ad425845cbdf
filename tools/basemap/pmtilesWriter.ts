/**
 * A small PMTiles v3 writer (spec: github.com/protomaps/PMTiles spec/v3/spec.md) for the offline basemap:
 * tiles are already compressed by the caller; identical tiles are stored once; the root directory holds every
 * entry when it fits the 16 KiB the spec reserves for header + root, else it points at leaf directories.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  Compression,
  encodeDirectory,
  encodeHeader,
  HEADER_BYTES,
  zxyToTileId,
  type DirectoryEntry,
} from '../../main/services/map/pmtiles';

export type ArchiveInfo = {
  tileType: number;
  tileCompression: number;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
};

const ROOT_LIMIT = 16_384 - HEADER_BYTES;

export class PmtilesWriter {
  private readonly tiles = new Map<number, Uint8Array>();

  add(z: number, x: number, y: number, data: Uint8Array): void {
    this.tiles.set(zxyToTileId(z, x, y), data);
  }

  finish(info: ArchiveInfo): { bytes: Buffer; tiles: number; contents: number; leaves: number } {
    const ids = [...this.tiles.keys()].sort((a, b) => a - b);
    const chunks: Uint8Array[] = [];
    const byHash = new Map<string, { offset: number; length: number }>();
    const entries: DirectoryEntry[] = [];
    let dataLength = 0;
    for (const id of ids) {
      const data = this.tiles.get(id)!;
      const hash = createHash('sha256').update(data).digest('hex');
      let at = byHash.get(hash);
      if (!at) {
        at = { offset: dataLength, length: data.length };
        byHash.set(hash, at);
        chunks.push(data);
        dataLength += data.length;
      }
      const last = entries.at(-1);
      // Consecutive ids with the same content become one run (the spec's RunLength).
      if (last && last.offset === at.offset && last.tileId + last.runLength === id) last.runLength++;
      else entries.push({ tileId: id, offset: at.offset, length: at.length, runLength: 1 });
    }
    let root = gzipSync(encodeDirectory(entries));
    let leavesBytes = Buffer.alloc(0);
    let leaves = 0;
    for (let perLeaf = 4096; root.length > ROOT_LIMIT; perLeaf *= 2) {
      const leafDirs: Buffer[] = [];
      const rootEntries: DirectoryEntry[] = [];
      let offset = 0;
      for (let i = 0; i < entries.length; i += perLeaf) {
        const leaf = gzipSync(encodeDirectory(entries.slice(i, i + perLeaf)));
        rootEntries.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
        leafDirs.push(leaf);
        offset += leaf.length;
      }
      root = gzipSync(encodeDirectory(rootEntries));
      leavesBytes = Buffer.concat(leafDirs);
      leaves = leafDirs.length;
    }
    const metadata = gzipSync(Buffer.from(JSON.stringify(info.metadata)));
    const rootOffset = HEADER_BYTES;
    const metadataOffset = rootOffset + root.length;
    const leafOffset = metadataOffset + metadata.length;
    const dataOffset = leafOffset + leavesBytes.length;
    const header = encodeHeader({
      rootDirectoryOffset: rootOffset,
      rootDirectoryLength: root.length,
      jsonMetadataOffset: metadataOffset,
      jsonMetadataLength: metadata.length,
      leafDirectoryOffset: leafOffset,
      leafDirectoryLength: leavesBytes.length,
      tileDataOffset: dataOffset,
      tileDataLength: dataLength,
      numAddressedTiles: ids.length,
      numTileEntries: entries.length,
      numTileContents: byHash.size,
      clustered: true,
      internalCompression: Compression.gzip,
      tileCompression: info.tileCompression,
      tileType: info.tileType,
      minZoom: info.minZoom,
      maxZoom: info.maxZoom,
      minLon: info.bounds[0],
      minLat: info.bounds[1],
      maxLon: info.bounds[2],
      maxLat: info.bounds[3],
      centerLon: info.center[0],
      centerLat: info.center[1],
      centerZoom: info.center[2],
    });
    return {
      bytes: Buffer.concat([header, root, metadata, leavesBytes, ...chunks]),
      tiles: ids.length,
      contents: byHash.size,
      leaves,
    };
  }
}
