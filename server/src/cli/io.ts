/**
 * What a command may touch of the process: its streams, working directory
 * and environment. main.ts passes the real ones; keeping them in one object
 * keeps the commands testable and their output deterministic.
 */
import { fstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Io {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: isTerminal(2) && process.stderr.isTTY === true,
    out: (text) => { process.stdout.write(text); },
    err: (text) => { process.stderr.write(text); },
  };
}

/**
 * Whether a file descriptor can be a terminal (a character device), asked
 * before `process.stderr`: Node makes that stream when it is first read, and
 * for a pipe (how CI and scripts run rdscope) it loads node:net to do so
 * (~2 ms of every start) although a lint with no notes never writes to stderr.
 */
function isTerminal(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

/** A wrong command line: the message is printed with a hint to --help, exit code 2. */
export class UsageError extends Error {}

/** A run that cannot go on (unreadable path, invalid configuration): exit code 2, no stack trace. */
export class FatalError extends Error {}

/** Writes a report to --output (creating its folder) or to stdout. */
export function writeReport(io: Io, text: string, output: string | undefined): void {
  if (output === undefined || output === '-') { io.out(text); return; }
  const path = resolve(io.cwd, output);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new FatalError(`cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); --color / --no-color decide first. */
export function useColor(io: Io, flag: boolean | undefined, toTerminal: boolean): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '' && io.env.FORCE_COLOR !== '0') return true;
  return toTerminal;
}
