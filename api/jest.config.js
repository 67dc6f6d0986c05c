// Two projects: specs beside the code (no stores needed) and integration tests in test/
// against the real stores of the local harness.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
      },
    },
  ],
};

/** @type {import('jest').Config} */
module.exports = {
  // A global option only (projects ignore it): integration tests wait on real stores.
  testTimeout: 60_000,
  // Now and then a cassandra-driver connection that was still opening when its client shut down
  // outlives the test run; without this the run would never end. Every test has finished by then.
  forceExit: true,
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
