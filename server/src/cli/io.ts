/**
 * What a command may touch of the process: its streams, working directory
 * and environment. main.ts passes the real ones; keeping them in one object
 * keeps the commands testable and their output deterministic.
 */
import { closeSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
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
    // Read only to colour a text report: asking makes the stdout stream.
    get stdoutIsTTY() { return stdoutStream().isTTY === true; },
    stderrIsTTY: isTerminal(2) && process.stderr.isTTY === true,
    out: writeStdout,
    err: (text) => { process.stderr.write(text); },
  };
}

/**
 * Whether a file descriptor can be a terminal (a character device other than
 * the null device), asked before `process.stdout` or `process.stderr`: Node
 * makes that stream when it is first read, which for a pipe loads node:net
 * (~2 ms of every start) and for any target costs ~3 ms of CPU in a short
 * run, although a lint writes one report and usually no notes.
 */
function isTerminal(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isCharacterDevice() && !(process.platform !== 'win32' && stats.rdev === statSync('/dev/null').rdev);
  } catch {
    return false;
  }
}

let stdout: NodeJS.WriteStream | undefined;
/** Whether writeStdout writes to file descriptor 1 itself (decided on the first write). */
let toDescriptor: boolean | undefined;

/** process.stdout, made once, with `rdscope lint | head` (the reader went away) not an error. */
function stdoutStream(): NodeJS.WriteStream {
  if (!stdout) {
    stdout = process.stdout;
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    });
  }
  return stdout;
}

/**
 * Writes to standard output. To a file, a pipe or the null device (how
 * scripts and CI run rdscope) the text goes straight to the descriptor, as
 * Node's stream would write it there (synchronously); a terminal, Windows, or
 * a pipe that would block (its reader set it non-blocking and is slow) go
 * through the stream.
 */
function writeStdout(text: string): void {
  toDescriptor ??= process.platform !== 'win32' && !isTerminal(1);
  if (stdout || !toDescriptor) { stdoutStream().write(text); return; }
  const done = { bytes: 0 };
  try {
    writeAllSync(1, text, done);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // A pipe that would block, or a descriptor Node's stream writes nowhere (closed): as the stream does.
    if (code !== 'EAGAIN' && code !== 'EBADF') throw error;
    stdoutStream().write(Buffer.from(text).subarray(done.bytes));
  }
}

/** A wrong command line: the message is printed with a hint to --help, exit code 2. */
export class UsageError extends Error {}

/** A run that cannot go on (unreadable path, invalid configuration): exit code 2, no stack trace. */
export class FatalError extends Error {}

/** Writes a report (whole, or in pieces as they are made) to --output (creating its folder) or to stdout. */
export function writeReport(io: Io, text: string | Iterable<string>, output: string | undefined): void {
  const pieces = typeof text === 'string' ? [text] : text;
  if (output === undefined || output === '-') {
    for (const piece of pieces) io.out(piece);
    return;
  }
  const path = resolve(io.cwd, output);
  const cannotWrite = (error: unknown) => new FatalError(`cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'w');
  } catch (error) {
    throw cannotWrite(error);
  }
  try {
    for (const piece of pieces) {
      try {
        writeAllSync(fd, piece);
      } catch (error) {
        throw cannotWrite(error);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes all of `text` to `fd`, however many writes it takes; `done.bytes`: how much is written (when one fails). */
function writeAllSync(fd: number, text: string, done = { bytes: 0 }): void {
  done.bytes = writeSync(fd, text);
  const bytes = Buffer.byteLength(text);
  if (done.bytes === bytes) return;
  const rest = Buffer.from(text);
  while (done.bytes < bytes) done.bytes += writeSync(fd, rest, done.bytes);
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); --color / --no-color decide first. */
export function useColor(io: Io, flag: boolean | undefined, toTerminal: boolean): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '' && io.env.FORCE_COLOR !== '0') return true;
  return toTerminal;
}
