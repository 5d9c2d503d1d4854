import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/setup.ts'],
    pool: 'forks',
    // Vitest fails a test whose wall-clock time (Date.now) exceeds its timeout even when it finished in time by the
    // monotonic clock. A VM paused for a snapshot jumps the wall clock on resume (seen: a 1.7 s test failed as "timed
    // out in 20000ms" while the kernel logged "crng reseeded due to virtual machine fork"), so the limits leave room
    // for such a pause; a test that really hangs still fails, later.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    restoreMocks: true,
  },
});
