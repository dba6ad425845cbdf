import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFile } from '../../../main/services/kernel/rendererFiles';

describe('the packaged renderer on app://canvass', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canvass-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'assets', 'maplibre-gl-worker-CZtFQQIV.mjs'), 'export {}');
  writeFileSync(join(tmpdir(), 'canvass-outside.js'), 'secret');
  symlinkSync(join(tmpdir(), 'canvass-outside.js'), join(dir, 'assets', 'link.js'));

  it('serves the built files with their types; / is the page', () => {
    expect(rendererFile(dir, 'app://canvass/')).toEqual({
      path: join(dir, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(rendererFile(dir, 'app://canvass/assets/maplibre-gl-worker-CZtFQQIV.mjs?x=1')?.contentType).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  it('refuses other hosts, schemes, traversal, hidden and unknown files, and links out of the folder', () => {
    for (const url of [
      'app://elsewhere/index.html',
      'file:///etc/passwd',
      'app://canvass/../canvass-outside.js',
      'app://canvass/assets/%2E%2E/%2E%2E/canvass-outside.js',
      'app://canvass/assets%2F..%2F..%2Fcanvass-outside.js',
      'app://canvass/.hidden.js',
      'app://canvass/assets/link.js',
      'app://canvass/assets/missing.js',
      'app://canvass/index.exe',
      'not a url',
    ]) {
      expect(rendererFile(dir, url), url).toBeNull();
    }
  });
});
