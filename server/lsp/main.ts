// The language server's entry point (bundled as dist/server.js): the one place it meets the rule registry.
// It builds the rule set once, opens the connection (IPC, stdio or a pipe, as the command line says) and
// hands both to startServer, which wires everything else.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { RULES } from '../../rules';
import { RuleSet } from '../engine/rule-set';
import { startServer } from './server';

// A bug must cost one request, never the server: VS Code gives up on a server after five crashes.
process.on('uncaughtException', (error) => {
  console.error(`Kube Hindsight: unexpected error: ${error.stack ?? String(error)}`);
});
process.on('unhandledRejection', (reason) => {
  console.error(`Kube Hindsight: unhandled rejection: ${String(reason)}`);
});

startServer(createConnection(ProposedFeatures.all), new RuleSet(RULES));
