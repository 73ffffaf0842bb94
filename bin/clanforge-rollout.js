#!/usr/bin/env node
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS entry point */
// `npx clanforge-rollout <command>`: the built CLI (lib/, after `npm run build`), or the
// TypeScript source through tsx in a checkout that was never built.

function loadCli() {
  let built;
  try {
    built = require.resolve('../lib/cli/main.js');
  } catch (error) {
    if (error && error.code !== 'MODULE_NOT_FOUND') throw error;
  }
  if (built) return require(built);
  require('tsx/cjs');
  return require('../src/cli/main.ts');
}

loadCli()
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`clanforge-rollout: ${error && error.message ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
