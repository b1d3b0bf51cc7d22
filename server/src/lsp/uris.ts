/**
 * Document identity. Editors and Node spell the same file URI differently
 * (VS Code writes `file:///c%3A/x`, Node `file:///C:/x`), so the workspace
 * keys documents by a canonical form and keeps the client's own spelling for
 * everything it sends back.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relative, sep } from 'node:path';

export function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}

/** The file system path of a `file:` URI, or undefined. */
export function uriToPath(uri: string): string | undefined {
  if (!isFileUri(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/**
 * Keys already worked out, by URI as spelled: the server asks for every
 * finding's file on every lint pass (thousands per keystroke in a large
 * template), and fileURLToPath + pathToFileURL cost microseconds each. A URI's
 * key never changes; the memo is emptied when it grows past a bound (a
 * workspace has far fewer spellings than that).
 */
const keys = new Map<string, string>();
const MAX_REMEMBERED_KEYS = 50_000;

/** One key per file, whoever spelled its URI; other schemes are kept as they are. */
export function canonicalKey(uri: string): string {
  let key = keys.get(uri);
  if (key === undefined) {
    if (keys.size >= MAX_REMEMBERED_KEYS) keys.clear();
    key = computeKey(uri);
    keys.set(uri, key);
  }
  return key;
}

function computeKey(uri: string): string {
  const path = uriToPath(uri);
  if (path === undefined) return uri;
  const key = pathToUri(path);
  // Drive letters: Windows file systems are case-insensitive there.
  return process.platform === 'win32' ? key.toLowerCase() : key;
}

/** `child` relative to `folder` with `/` separators, or undefined when it is not inside. */
export function relativeInside(folder: string, child: string): string | undefined {
  const rel = relative(folder, child);
  if (rel === '' || rel.startsWith('..') || /^[A-Za-z]:/.test(rel) || rel.startsWith(sep)) return rel === '' ? '' : undefined;
  return rel.split(sep).join('/');
}
