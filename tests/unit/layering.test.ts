import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering of DESIGN.md ("layers across, domains down") is enforced by ESLint by path, at any depth; these
 * prove each rule fires (and stays quiet when it should).
 */
const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });

async function problems(
  filePath: string,
  code: string,
  rule = '@typescript-eslint/no-restricted-imports',
): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '../..', filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

const importing = (what: string, from: string) => `import { ${what} } from '${from}';\nexport const a = ${what};\n`;

describe('layers across', () => {
  it('keeps main/core free of Node and of the rest of the app', async () => {
    expect(await problems('main/core/plates/x.ts', importing('readFileSync', 'node:fs'))).toHaveLength(1);
    expect(await problems('main/core/plates/x.ts', importing('openStore', '../../store/db'))).toHaveLength(1);
    expect(await problems('main/core/plates/x.ts', importing('ROLES', './roles'))).toHaveLength(0);
  });

  it('lets only main/app import electron', async () => {
    expect(await problems('main/services/sync/x.ts', importing('app', 'electron'))).toHaveLength(1);
    expect(await problems('main/store/x.ts', importing('app', 'electron'))).toHaveLength(1);
    expect(await problems('main/workers/x.worker.ts', importing('app', 'electron'))).toHaveLength(1);
    expect(await problems('main/app/x.ts', importing('app', 'electron'))).toHaveLength(0);
  });

  it('keeps the store and services from reaching up', async () => {
    expect(await problems('main/store/repos/x.ts', importing('gate', '../../services/kernel/gate'))).toHaveLength(1);
    expect(await problems('main/services/sync/x.ts', importing('bindContract', '../../app/ipc'))).toHaveLength(1);
    expect(await problems('main/services/sync/x.ts', importing('x', '../../workers/sync.worker'))).toHaveLength(1);
  });

  it('keeps SQL in main/store: a service or worker that prepares a statement is refused', async () => {
    const sql = "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n";
    expect(await problems('main/services/detections/x.ts', sql, 'no-restricted-syntax')).toHaveLength(1);
    expect(await problems('main/workers/x.worker.ts', sql, 'no-restricted-syntax')).toHaveLength(1);
    expect(await problems('main/store/repos/x.ts', sql, 'no-restricted-syntax')).toHaveLength(0);
  });

  it('lets the renderer use the contract and only types from core, never Node or main', async () => {
    expect(await problems('renderer/src/x.ts', importing('METHODS', '../../preload/contract'))).toHaveLength(0);
    expect(
      await problems(
        'renderer/src/x.ts',
        "import type { Role } from '../../main/core/access/roles';\nexport type A = Role;\n",
      ),
    ).toHaveLength(0);
    expect(await problems('renderer/src/x.ts', importing('ROLES', '../../main/core/access/roles'))).toHaveLength(1);
    expect(await problems('renderer/src/x.ts', importing('readFileSync', 'node:fs'))).toHaveLength(1);
    expect(await problems('renderer/src/x.ts', importing('createApi', '../../main/services/kernel/api'))).toHaveLength(
      1,
    );
    expect(
      await problems('renderer/src/features/ocr/x.ts', importing('createApi', '../../../../main/services/kernel/api')),
    ).toHaveLength(1);
  });

  it('lets the preload import only the contract', async () => {
    expect(await problems('preload/index.ts', importing('gate', '../main/services/kernel/gate'))).toHaveLength(1);
    expect(await problems('preload/index.ts', importing('METHODS', './contract'))).toHaveLength(0);
  });
});

describe('domains down', () => {
  it('lets a core domain import core/shared and the core domains it declares, nothing else', async () => {
    expect(await problems('main/core/detections/x.ts', importing('distanceM', '../shared/geo'))).toHaveLength(0);
    expect(await problems('main/core/detections/x.ts', importing('foldPlate', '../plates/plateQuery'))).toHaveLength(0);
    expect(await problems('main/core/detections/x.ts', importing('ROLES', '../access/roles'))).toHaveLength(1);
    expect(await problems('main/core/plates/x.ts', importing('CloneScan', '../detections/clones'))).toHaveLength(1);
  });

  it('lets a service domain import another only through its index.ts, the kernel too', async () => {
    expect(await problems('main/services/ocr/x.ts', importing('fetchDetectionImages', '../sync'))).toHaveLength(0);
    expect(await problems('main/services/ocr/x.ts', importing('runSync', '../sync/engine'))).toHaveLength(1);
    expect(await problems('main/services/ocr/deep/x.ts', importing('runSync', '../../sync/engine'))).toHaveLength(1);
    expect(await problems('main/services/kernel/x.ts', importing('lockIfIdle', '../access/auth'))).toHaveLength(1);
    expect(await problems('main/services/kernel/x.ts', importing('lockIfIdle', '../access'))).toHaveLength(0);
    expect(await problems('main/services/ocr/x.ts', importing('storeOf', '../kernel/context'))).toHaveLength(0);
    // The evidence domain reads a case's collection through cases/index.ts, not its repo or insides.
    expect(await problems('main/services/sync/x.ts', importing('readCaseCollection', '../cases'))).toHaveLength(0);
    expect(await problems('main/services/sync/x.ts', importing('add', '../cases/collection'))).toHaveLength(1);
  });

  it('keeps renderer features apart: shared pieces in renderer/src/shared, composition in app/', async () => {
    expect(
      await problems('renderer/src/features/detections/x.tsx', importing('RereadPanel', '../ocr/RereadPanel')),
    ).toHaveLength(1);
    expect(
      await problems('renderer/src/features/detections/x.tsx', importing('useSession', '../../app/App')),
    ).toHaveLength(1);
    expect(
      await problems(
        'renderer/src/features/detections/x.tsx',
        importing('DetectionMap', '../../shared/map/DetectionMap'),
      ),
    ).toHaveLength(0);
    expect(
      await problems('renderer/src/app/x.tsx', importing('RereadPanel', '../features/ocr/RereadPanel')),
    ).toHaveLength(0);
    // A sub-folder of a feature is held to the same rule: an analysis screen takes "Add to case" from a slot.
    expect(
      await problems(
        'renderer/src/features/detections/analyses/x.tsx',
        importing('AddToCase', '../../cases/AddToCase'),
      ),
    ).toHaveLength(1);
  });
});
