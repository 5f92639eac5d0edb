/** Vitest configuration of the typing-with-highlights benchmark alone (`npm run bench:highlight`), kept out of `npm test`. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/glossary/highlight.bench.ts'],
  },
});
