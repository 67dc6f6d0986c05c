// Integration tests run the built seeder against the real stores, twice.
module.exports = require('../jest.workspace-config')({ testTimeout: 180_000 });
