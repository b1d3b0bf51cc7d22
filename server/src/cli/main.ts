/**
 * Entry point of dist/cli.js (bin/rdscope.js requires it): runs the command
 * line in cli.ts with the real process streams and sets the exit code.
 */
import { processIo } from './io';
import { main } from './cli';

main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
