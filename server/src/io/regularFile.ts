/**
 * Every file rdscope reads from a workspace (templates, configurations,
 * .gitignore) is opened here: only a regular file, and never more than a
 * limit. A FIFO named `db.yaml` would block a plain `open` forever (the
 * language server hung on one), `/dev/zero` or `/dev/urandom` as `--config`
 * would be read until memory runs out, and a file that grows while it is read
 * would be read past the size that was checked.
 *
 * The file is opened with O_NONBLOCK (opening a FIFO then returns at once;
 * it has no effect on a regular file), checked with fstat on the open
 * descriptor (no race between the check and the read), and read up to the
 * size fstat gave.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A file rdscope will not read: not a regular file, or over a size limit. Carries no errno code. */
export class FileRefusedError extends Error {}

/** What a non-regular file is, for messages. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

// O_NONBLOCK does not exist on Windows, where opening a named pipe does not block this way.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opens a regular file for reading; throws FileRefusedError for anything else (FIFO, device, socket, folder). */
export function openRegularFile(path: string): { readonly fd: number; readonly size: number } {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileRefusedError(`it is ${kindOf(stats)}, not a regular file`);
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads up to `limit` bytes from the start of an open file. */
export function readOpenFile(fd: number, limit: number): Buffer {
  const bytes = Buffer.allocUnsafe(limit);
  let read = 0;
  while (read < limit) {
    const n = readSync(fd, bytes, read, limit - read, read);
    if (n === 0) break;
    read += n;
  }
  return bytes.subarray(0, read);
}

/**
 * A regular file's bytes. Over `maxBytes`: FileRefusedError saying so, with
 * `what` naming the limit (for example "the 1048576-byte limit of a
 * configuration file").
 */
export function readRegularFile(path: string, maxBytes: number, what = `the ${maxBytes}-byte limit`): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    if (size > maxBytes) throw new FileRefusedError(`it is ${size} bytes, over ${what}`);
    return readOpenFile(fd, size);
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8');

/** readRegularFile decoded as UTF-8 (malformed bytes become U+FFFD); throws as readRegularFile does. */
export function readRegularText(path: string, maxBytes: number, what?: string): string {
  return utf8.decode(readRegularFile(path, maxBytes, what));
}

/** readRegularText, or undefined when the file cannot be read or is refused. */
export function readRegularTextOrUndefined(path: string, maxBytes: number): string | undefined {
  try { return readRegularText(path, maxBytes); } catch { return undefined; }
}

/** At most the first `bytes` bytes of a regular file (to judge what it is). */
export function readFileHead(path: string, bytes: number): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    return readOpenFile(fd, Math.min(size, bytes));
  } finally {
    closeSync(fd);
  }
}
