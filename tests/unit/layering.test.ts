import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The import layering of DESIGN.md is enforced by ESLint; these prove each rule fires (and stays quiet when it should). */
const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '../..', filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('import layering', () => {
  it('keeps main/core free of Node and of the rest of the app', async () => {
    expect(
      await problems('main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      await problems('main/core/x.ts', "import { openStore } from '../store/db';\nexport const a = openStore;\n"),
    ).toHaveLength(1);
    expect(
      await problems('main/core/x.ts', "import { ROLES } from './roles';\nexport const a = ROLES;\n"),
    ).toHaveLength(0);
  });

  it('lets only main/app import electron', async () => {
    expect(
      await problems('main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toHaveLength(1);
    expect(await problems('main/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(
      1,
    );
    expect(await problems('main/app/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(0);
  });

  it('keeps the store and services from reaching up', async () => {
    expect(
      await problems('main/store/x.ts', "import { gate } from '../services/gate';\nexport const a = gate;\n"),
    ).toHaveLength(1);
    expect(
      await problems(
        'main/services/x.ts',
        "import { bindContract } from '../app/ipc';\nexport const a = bindContract;\n",
      ),
    ).toHaveLength(1);
  });

  it('lets the renderer use the contract and only types from core, never Node or main', async () => {
    expect(
      await problems(
        'renderer/src/x.ts',
        "import { METHODS } from '../../preload/contract';\nexport const a = METHODS;\n",
      ),
    ).toHaveLength(0);
    expect(
      await problems(
        'renderer/src/x.ts',
        "import type { Role } from '../../main/core/access/roles';\nexport type A = Role;\n",
      ),
    ).toHaveLength(0);
    expect(
      await problems('renderer/src/x.ts', "import { ROLES } from '../../main/core/access/roles';\nexport const a = ROLES;\n"),
    ).toHaveLength(1);
    expect(
      await problems('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      await problems(
        'renderer/src/x.ts',
        "import { createApi } from '../../main/services/kernel/api';\nexport const a = createApi;\n",
      ),
    ).toHaveLength(1);
  });

  it('lets the preload import only the contract', async () => {
    expect(
      await problems('preload/index.ts', "import { gate } from '../main/services/gate';\nexport const a = gate;\n"),
    ).toHaveLength(1);
    expect(
      await problems('preload/index.ts', "import { METHODS } from './contract';\nexport const a = METHODS;\n"),
    ).toHaveLength(0);
  });
});
