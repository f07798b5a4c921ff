/** Three speeds sharing fixtures: unit (in process, no database), integration (real MariaDB/Redis), e2e (whole stack over HTTP). */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const project = (name, extra = {}) => ({
  displayName: name,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  transform,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  ...extra,
});
module.exports = {
  projects: [
    project('unit'),
    project('integration', { globalSetup: '<rootDir>/test/support/global-setup.ts' }),
    project('security', { globalSetup: '<rootDir>/test/support/global-setup.ts' }),
    project('e2e', { globalSetup: '<rootDir>/test/support/e2e-global-setup.ts' }),
  ],
  testTimeout: 60_000,
  testSequencer: '<rootDir>/test/support/slowest-first-sequencer.js',
};
