#!/usr/bin/env node
// The `framework-check` command: the bundled checker, built by `npm run build`.
// A checker that cannot start must not exit with 1, which CI reads as "problems
// found": failing to load the bundle, or any escape from `main`, exits with 2.
'use strict';

function fail(message) {
  process.stderr.write(`framework-check: ${message}\n`);
  process.exitCode = 2;
}

let cli;
try {
  cli = require('../dist/cli.js');
} catch (error) {
  fail(
    `cannot load the checker (dist/cli.js): ${error && error.message ? error.message : error}\n` +
      'framework-check: run `npm run build` in the package, then try again.',
  );
}

if (cli) {
  cli.main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => fail(`internal error: ${error && error.stack ? error.stack : error}`),
  );
}
