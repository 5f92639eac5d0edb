import { defineConfig } from 'vitest/config';

/** Where the Java server listens during development. */
const backend = 'http://localhost:8080';

export default defineConfig({
  build: {
    // Maven packages target/classes into the jar, so the page ends up under webroot/.
    outDir: 'target/classes/webroot',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: backend },
      '/health': { target: backend },
      '/ws': { target: backend, ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
