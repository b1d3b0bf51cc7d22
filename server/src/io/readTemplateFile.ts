/**
 * Reads a file from disk as template text, safely: binary content, invalid
 * UTF-8 and oversized files become a located problem (RDS000 when the file
 * looks like a template), never an exception or a mangled string.
 */
import { closeSync } from 'node:fs';
import { openRegularFile, readOpenFile } from './regularFile';

export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string; /** UTF-16 offset into what could be decoded */ readonly offset: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Throws when the file cannot be opened, and FileRefusedError (regularFile.ts)
 * when it is not a regular file: a FIFO, a device or a socket is never read.
 */
export function readTemplateFile(path: string, maxBytes: number): ReadResult {
  const { fd, size } = openRegularFile(path);
  try {
    if (size > maxBytes) {
      return { ok: false, message: `The file is ${size} bytes, over the ${maxBytes}-byte limit (maxFileBytes); it is not linted`, offset: 0 };
    }
    return decodeTemplateBytes(readOpenFile(fd, size));
  } finally {
    closeSync(fd);
  }
}

export function decodeTemplateBytes(bytes: Uint8Array): ReadResult {
  // Windows editors save "Unicode" as UTF-16 with a byte order mark; say so rather than "binary".
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const mark = bytes[0] === 0xff ? 'FF FE, little-endian' : 'FE FF, big-endian';
    return { ok: false, message: `The file is UTF-16 (byte order mark ${mark}); templates must be UTF-8 (save it as UTF-8)`, offset: 0 };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, message: `This is a binary file (a NUL byte at byte ${nul}), not a template`, offset: 0 };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    return { ok: false, message: `The file is not valid UTF-8 (byte ${bad}); templates must be UTF-8`, offset: before.length };
  }
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len)); } catch { return i; }
    i += len;
  }
  return i;
}
