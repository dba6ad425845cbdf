import { describe, expect, it } from 'vitest';
import {
  bagInfoText,
  bagInfoValue,
  manifestText,
  parseBagInfo,
  parseManifest,
  payloadOxum,
} from '../../../main/core/evidence/bagit';
import {
  imagePath,
  incompleteFolderName,
  isIncompleteFolder,
  itemNumber,
  packageFolderName,
} from '../../../main/core/evidence/layout';
import { extraFiles, rateAndEta } from '../../../main/core/evidence/verdict';

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);

describe('manifests (RFC 8493 §2.1.3)', () => {
  it('reads back what it writes, with CR, LF and % in a path percent-encoded', () => {
    const entries = [
      { path: 'data/detections.csv', hex: A },
      { path: 'data/odd 100%\nname.txt', hex: B.toLowerCase() },
    ];
    const text = manifestText(entries);
    expect(text).toBe(`${A}  data/detections.csv\n${B.toLowerCase()}  data/odd 100%25%0Aname.txt\n`);
    expect(parseManifest(text, 'sha256')).toEqual({ ok: true, entries });
  });

  it('reads sha256sum’s own forms: upper-case hex, CRLF, the binary-mode star', () => {
    expect(parseManifest(`${B} *data/x.png\r\n`, 'sha256')).toEqual({
      ok: true,
      entries: [{ path: 'data/x.png', hex: B.toLowerCase() }],
    });
  });

  it('names the line that is not a manifest line, or that points outside the bag', () => {
    expect(parseManifest(`${A}  data/a\n${A.slice(1)}  data/b\n`, 'sha256')).toMatchObject({ ok: false, line: 2 });
    expect(parseManifest(`${A}  data/a\n`, 'sha512')).toMatchObject({ ok: false, line: 1 });
    expect(parseManifest(`${A}  data/../../etc/passwd\n`, 'sha256')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/outside the bag/),
    });
    expect(parseManifest(`${A}  /etc/passwd\n`, 'sha256')).toMatchObject({ ok: false, line: 1 });
  });
});

describe('bag-info.txt', () => {
  it('folds a long value under 80 columns and reads it back whole; labels are case-insensitive', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const text = bagInfoText([
      { label: 'Source-Organization', value: 'San Mateo PD' },
      { label: 'External-Description', value: long },
      { label: 'Payload-Oxum', value: payloadOxum(1234, 5) },
    ]);
    expect(text.split('\n').every((l) => l.length <= 79)).toBe(true);
    expect(text.split('\n').some((l) => l.startsWith('  '))).toBe(true);
    const back = parseBagInfo(text);
    expect(bagInfoValue(back, 'external-description')).toBe(long);
    expect(bagInfoValue(back, 'PAYLOAD-OXUM')).toBe('1234.5');
    expect(bagInfoValue(back, 'Bag-Size')).toBeNull();
  });

  it('keeps a value on its line (a newline in it cannot start a new element) and refuses a label BagIt does not allow', () => {
    const back = parseBagInfo(bagInfoText([{ label: 'Contact-Name', value: 'Mei\nBag-Size: 1 TB' }]));
    expect(back).toEqual([{ label: 'Contact-Name', value: 'Mei Bag-Size: 1 TB' }]);
    expect(() => bagInfoText([{ label: 'Bad Label', value: 'x' }])).toThrow(/not a BagIt label/);
  });
});

describe('names on the medium', () => {
  it('names items by case and ordinal, folders safely, and an unfinished folder plainly', () => {
    const item = itemNumber('26-04417', 3);
    expect(item).toBe('26-04417-E03');
    expect(packageFolderName('26/04417 E01')).toBe('canvass-evidence-26_04417_E01');
    const temp = incompleteFolderName(item, '1fbfc2f5-0000-4000-8000-000000000000');
    expect(temp).toBe('INCOMPLETE-canvass-evidence-26-04417-E03-1fbfc2f5');
    expect(isIncompleteFolder(temp)).toBe(true);
    expect(isIncompleteFolder(packageFolderName(item))).toBe(false);
    expect(imagePath(A, 'image/png')).toBe(`data/images/${A}.png`);
    expect(imagePath(A, 'application/x-unknown')).toBe(`data/images/${A}.bin`);
  });

  it('lists files on the medium that no manifest names, in path order', () => {
    expect(extraFiles(['data/z', 'data/a', 'data/m'], new Set(['data/m']))).toEqual(['data/a', 'data/z']);
  });

  it('gives a rate and the seconds left, and no ETA before the first byte', () => {
    expect(rateAndEta(0, 100, 1000)).toEqual({ rate: 0, etaSeconds: null });
    expect(rateAndEta(50, 150, 2000)).toEqual({ rate: 25, etaSeconds: 4 });
    expect(rateAndEta(150, 150, 2000)).toMatchObject({ etaSeconds: 0 });
  });
});
