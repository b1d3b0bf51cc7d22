#!/usr/bin/env node
'use strict';
// The rdscope language server for any LSP editor (Neovim, Helix, Zed, Emacs,
// JetBrains with LSP4IJ): `rdscope-language-server --stdio`. The transport
// flags are vscode-languageserver's (--stdio, --node-ipc, --socket=N);
// without one it speaks over stdio. The server is bundled into dist/server.js
// by `npm install` (prepare) or `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const server = path.join(__dirname, '..', 'dist', 'server.js');
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: rdscope-language-server [--stdio | --node-ipc | --socket=PORT]\nThe rdscope language server (LSP) for CloudFormation and Terraform templates; --stdio is the default.\n');
  process.exit(0);
}
if (!fs.existsSync(server)) {
  process.stderr.write('rdscope-language-server: dist/server.js is missing; run `npm run build` in the rdscope folder first.\n');
  process.exit(2);
}
if (!process.argv.slice(2).some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
require(server);
