#!/usr/bin/env node
// The `framework-language-server` command: speaks the Language Server Protocol over
// --stdio (or --node-ipc, --socket=N), built by `npm run build`.
'use strict';
require('../dist/server.js').main();
