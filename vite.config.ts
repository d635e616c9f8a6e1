import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built to plain files that the Electron window loads from disk and the browser host
// serves from 127.0.0.1, so every URL in the build is relative and nothing is fetched from elsewhere.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
