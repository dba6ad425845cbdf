import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/app/index.ts'),
          // Worker entries, started by main/services/workerThread.ts as `<name>.js` beside the bundle.
          auditVerifyWorker: resolve(__dirname, 'main/services/auditVerify.worker.ts'),
          syncWorker: resolve(__dirname, 'main/services/sync/sync.worker.ts'),
          cloneScanWorker: resolve(__dirname, 'main/services/search/cloneScan.worker.ts'),
          ocrReaderWorker: resolve(__dirname, 'main/services/ocr/reader.worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be a single CommonJS script.
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified; minified, the first screen parses ~40% less script.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
