#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm install` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('rdscope: dist/cli.js is missing; run `npm run build` in the rdscope folder first.\n');
  process.exit(2);
}
require(cli);
