import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/unit/**/*.test.tsx',
      'tests/migrations/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      // Screens over the real Api in-process (jsdom): typed by tsconfig.screens.json.
      'tests/integration/**/*.test.tsx',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // SQLCipher and scrypt are CPU-heavy; two workers fit the 2-core machines.
    maxWorkers: 2,
  },
});
