/**
 * Writes a fixed template back without losing anyone's work or changing what
 * the file is.
 *
 * - What rdscope read must still be there: the file is opened (its inode held)
 *   and compared with the text the fix was computed from; right before the
 *   replace, its inode, size and modification time are compared again with
 *   that first look, and its bytes re-read. If anything differs, nothing is
 *   written ('changed').
 * - After the rename, the old inode (still held open) is checked once more: an
 *   in-place save that landed between the last check and the rename would be
 *   lost with it, so its text is put back and the outcome is 'changed'.
 *   What no check can see is an atomic save (a rename over the file) in the
 *   microseconds between the last check and rdscope's rename.
 * - Identity: a file with other hard links, or whose owner rdscope cannot give
 *   to a new file, or in a folder rdscope cannot create files in, is written
 *   in place (same inode, links, owner and mode). Otherwise a temporary file in
 *   the same folder gets the file's mode (umask bypassed, so group-write bits
 *   stay) and owner, and is renamed over it: a reader sees the old or the new
 *   file, never half of one. A symbolic link stays a link (its target is what
 *   gets replaced).
 * - A file without write permission is not written ('read-only'), even by
 *   root: read-only is the owner's choice.
 * A UTF-8 byte order mark is kept.
 */
import type * as Crypto from 'node:crypto';
import {
  accessSync, closeSync, constants, existsSync, fchmodSync, fchownSync, fstatSync, fsyncSync, ftruncateSync, openSync,
  realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, type BigIntStats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readOpenFile } from './regularFile';

export type WriteOutcome =
  /** The new text is in the file. */
  | 'written'
  /** The file changed since rdscope read it (or while it was writing): left with the other writer's text. */
  | 'changed'
  /** No write permission: not written. */
  | 'read-only';

const BOM = [0xef, 0xbb, 0xbf];

/** The whole open file, as its size says now. */
function readAll(fd: number): Buffer {
  return readOpenFile(fd, Number(fstatSync(fd).size));
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

const sameFile = (a: BigIntStats, b: BigIntStats) => a.dev === b.dev && a.ino === b.ino;
const sameContentStamp = (a: BigIntStats, b: BigIntStats) => a.size === b.size && a.mtimeNs === b.mtimeNs;

/**
 * Test hook, inert unless RDSCOPE_TEST_PAUSE is set to `STAGE:DIR`: at STAGE
 * (`before-check`, `before-replace`) it creates DIR/ready and waits (up to 30 s)
 * for DIR/go, so a test can write the file at exactly that point.
 */
function pauseForTest(stage: string): void {
  const setting = process.env.RDSCOPE_TEST_PAUSE;
  if (!setting || !setting.startsWith(`${stage}:`)) return;
  const dir = setting.slice(stage.length + 1);
  writeFileSync(join(dir, 'ready'), stage);
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !existsSync(join(dir, 'go')) && waited < 30_000; waited += 5) Atomics.wait(wait, 0, 0, 5);
}

export function writeFileAtomic(path: string, newText: string, expectedText: string): WriteOutcome {
  const target = realpathSync(path);
  const original = openSync(target, 'r');
  try {
    const first = fstatSync(original, { bigint: true });
    const bytes = readAll(original);
    if (!first.isFile() || decodeUtf8(bytes) !== expectedText) return 'changed';
    const mode = Number(first.mode) & 0o7777;
    if ((mode & 0o222) === 0 || !writable(target)) return 'read-only';
    const hasBom = bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b);
    const newBytes = Buffer.from(hasBom ? `\ufeff${newText}` : newText, 'utf8');

    pauseForTest('before-check');
    // Unchanged since the first look: same inode at the path, same size and time, same bytes.
    const unchanged = () => {
      const now = statSync(target, { bigint: true });
      return sameFile(now, first) && sameContentStamp(now, first) && sameContentStamp(fstatSync(original, { bigint: true }), first)
        && readAll(original).equals(bytes);
    };

    if (first.nlink > 1n) return writeInPlace(target, newBytes, unchanged);
    const temporary = temporaryWithIdentity(target, first);
    if (temporary === undefined) return writeInPlace(target, newBytes, unchanged);
    try {
      const fd = openSync(temporary, 'r+');
      try {
        writeSync(fd, newBytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      pauseForTest('before-replace');
      if (!unchanged()) { unlinkSync(temporary); return 'changed'; }
      renameSync(temporary, target);
    } catch (error) {
      try { unlinkSync(temporary); } catch { /* already gone */ }
      throw error;
    }
    // Re-verify: an in-place save into the old inode just before the rename would be lost: put it back.
    // Bytes, not the time stamp: two writes within one clock tick share an mtime.
    const theirs = readAll(original);
    if (!theirs.equals(bytes)) {
      restore(target, theirs);
      return 'changed';
    }
    return 'written';
  } finally {
    closeSync(original);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A new file beside `target` with its mode and owner, or undefined when that
 * is impossible (the folder is not writable; the owner is another user and
 * rdscope is not root): the caller then writes in place.
 */
function temporaryWithIdentity(target: string, stats: BigIntStats): string | undefined {
  // Required here, not imported: loading node:crypto costs every CLI start ~4 ms, and only writing a fix needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof Crypto;
  const temporary = join(dirname(target), `.${basename(target)}.rdscope-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EPERM') return undefined;
    throw error;
  }
  try {
    const mine = fstatSync(fd, { bigint: true });
    if (mine.uid !== stats.uid || mine.gid !== stats.gid) fchownSync(fd, Number(stats.uid), Number(stats.gid));
    // After the chown, which clears set-id bits; fchmod is not subject to the umask.
    fchmodSync(fd, Number(stats.mode) & 0o7777);
    closeSync(fd);
    return temporary;
  } catch {
    closeSync(fd);
    unlinkSync(temporary);
    return undefined;
  }
}

/** Same inode: links, owner and mode stay. A reader may see a partial file for the moment of the write. */
function writeInPlace(target: string, newBytes: Buffer, unchanged: () => boolean): WriteOutcome {
  const fd = openSync(target, 'r+');
  try {
    pauseForTest('before-replace');
    if (!unchanged()) return 'changed';
    writeSync(fd, newBytes, 0, newBytes.length, 0);
    ftruncateSync(fd, newBytes.length);
    fsyncSync(fd);
    return 'written';
  } finally {
    closeSync(fd);
  }
}

/** Puts another writer's text back at `target` (its save landed while rdscope replaced the file). */
function restore(target: string, bytes: Buffer): void {
  const fd = openSync(target, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, 0);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
