/// <reference types="node" />
// Builds the React renderer into out/renderer/, which the local server and Electron both serve.
// Relative asset URLs (base './') work under http://127.0.0.1 and under Electron's own scheme.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
  },
});
