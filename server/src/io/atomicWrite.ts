/**
 * Writes a fixed template back without ever losing or clobbering work:
 * the file is read again and compared with the text the fix was computed
 * from (if someone changed it meanwhile, nothing is written), then the new
 * text goes to a temporary file in the same folder, which is renamed over
 * the original (atomic on one file system: a reader sees the old or the new
 * file, never half of one). The mode bits and a UTF-8 byte order mark are
 * kept; a symbolic link stays a link (its target is what gets replaced).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type WriteOutcome = 'written' | 'changed';

const BOM = [0xef, 0xbb, 0xbf];

export function writeFileAtomic(path: string, newText: string, expectedText: string): WriteOutcome {
  const target = realpathSync(path);
  const current = readFileSync(target);
  const hasBom = current.length >= 3 && BOM.every((b, i) => current[i] === b);
  let currentText: string;
  try {
    currentText = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(current);
  } catch {
    return 'changed';
  }
  if (currentText !== expectedText) return 'changed';
  const mode = statSync(target).mode & 0o7777;
  const temporary = join(dirname(target), `.${basename(target)}.rdscope-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', mode);
  try {
    writeSync(fd, Buffer.from(hasBom ? `\ufeff${newText}` : newText, 'utf8'));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    try { unlinkSync(temporary); } catch { /* already gone */ }
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, target);
  } catch (error) {
    try { unlinkSync(temporary); } catch { /* already gone */ }
    throw error;
  }
  return 'written';
}
