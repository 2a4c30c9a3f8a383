#!/usr/bin/env node
// The `framework-check` command: the bundled checker, built by `npm run build`.
'use strict';
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
