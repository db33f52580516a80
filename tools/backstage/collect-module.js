// Tests only: the action `chartsec:test:collect` copies a task's workspace to CHARTSEC_COLLECT_DIR/NAME, where
// the test compares it with `chartsec new`, in place of publishing it to a Git host (none is reachable here).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createBackendModule } = require('@backstage/backend-plugin-api');
const { createTemplateAction, scaffolderActionsExtensionPoint } = require('@backstage/plugin-scaffolder-node');

module.exports = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'chartsec-test-collect',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createTemplateAction({
          id: 'chartsec:test:collect',
          description: 'Copies the workspace to CHARTSEC_COLLECT_DIR/NAME (tests only)',
          schema: { input: { name: z => z.string() } },
          async handler(ctx) {
            const dest = path.join(process.env.CHARTSEC_COLLECT_DIR, ctx.input.name);
            fs.cpSync(ctx.workspacePath, dest, { recursive: true });
            ctx.output('remoteUrl', 'file://' + dest);
          },
        }));
      },
    });
  },
});
