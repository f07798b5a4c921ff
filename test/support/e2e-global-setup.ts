import seedTestData from './global-setup';

/** e2e tests run compiled entry points: build once here, so parallel test files never run tsc at the same time. */
export default async function e2eGlobalSetup(): Promise<void> {
  await seedTestData();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../scripts/build-if-needed') as { buildIfNeeded(): void }).buildIfNeeded();
}
