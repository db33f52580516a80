// The portal contract's Backstage backend (BackstagePortalIT): the modules named in the header of chartsec's
// template (CHARTSEC_BACKSTAGE_MODULES, read from the template by the test, so the header is proven complete),
// the catalog, a guest sign-in, and a test-only action that collects a task's workspace in place of
// publishing it. Run with Node 22 and NODE_PATH at .tools/backstage/node_modules; configuration by --config.
'use strict';
const { createBackend } = require('@backstage/backend-defaults');

const feature = name => {
  const m = require(name);
  return m.default ?? m;
};
const backend = createBackend();
for (const name of (process.env.CHARTSEC_BACKSTAGE_MODULES || '').split(',').filter(Boolean)) {
  backend.add(feature(name));
}
backend.add(feature('@backstage/plugin-catalog-backend'));
backend.add(feature('@backstage/plugin-auth-backend'));
backend.add(feature('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(require('./collect-module.js'));
backend.start();
