// Bundled in place of Node's child_process module for commander, which
// requires it at load only to run executable subcommands (briefkit has none).
// The real module (which pulls in net, dgram and more, ~5 ms of a cold start)
// loads on first use. scripts/bundle.mjs puts this file into the CLI bundle;
// it is runtime code, never run at install time.
let real;
const load = () => (real ??= require('node:child_process'));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });
