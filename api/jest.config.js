// Integration tests wait on real stores, some of which they stop and start again.
module.exports = require('../jest.workspace-config')({ testTimeout: 60_000 });
