/**
 * Entry point of dist/cli.js (bin/rdscope.js requires it): runs the command
 * line in cli.ts with the real process streams and sets the exit code.
 */
import { processIo } from './io';
import { main } from './cli';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `rdscope lint | head`: the reader went away; that is not an error.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
