/** Vitest configuration of the glossary benchmark alone (`npm run bench:glossary`), kept out of `npm test`;
 * run from `web/`, as npm runs scripts. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/glossary/matcher.bench.ts'],
  },
});
