#!/usr/bin/env node
// The `convlens` command-line tool; the bundle is built by `npm run build`.
require('../dist/cli.js');
