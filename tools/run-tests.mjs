#!/usr/bin/env node
// Runs the whole suite (unit, integration, e2e) on the tsc output with mocha.
// Extra arguments go to mocha, e.g. `npm test -- --grep JWKS`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mochaBin = require.resolve('mocha/bin/mocha.js');
const result = spawnSync(process.execPath, [mochaBin, '--config', '.mocharc.json', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
