/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Library mode: one self-contained ES module, dist/banner.js, that a product page
// loads with <script type="module">. Nothing external: the banner has no dependencies.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'banner.js',
    },
    minify: true,
    sourcemap: false,
    rolldownOptions: {
      // Lib mode keeps whitespace and pure annotations in ES output for bundlers to tree-shake;
      // this file goes straight to browsers, so minify it fully.
      output: { minify: true, comments: false },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
