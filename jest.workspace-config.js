// The jest shape every workspace shares: specs beside the code (pure logic, no stores) and
// integration tests in test/ against the real stores of the local harness.
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

/** @returns {import('jest').Config} */
module.exports = function workspaceJestConfig({ testTimeout }) {
  return {
    // Global options only (projects ignore them).
    testTimeout,
    // Now and then a cassandra-driver connection that was still opening when its client shut
    // down outlives the test run; without this the run would never end. Every test has finished.
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
};
