/**
 * One text change, as LSP's incremental sync describes it (an offset, the
 * length it replaces, the new text), and the change between two texts when
 * the caller only has the texts (the language server's TextDocuments applies
 * the editor's changes and hands over the new text).
 */

export interface TextChange {
  /** Offset in the old text where the replaced range starts. */
  readonly rangeOffset: number;
  /** Length of the replaced range in the old text. */
  readonly rangeLength: number;
  /** What replaces it. */
  readonly text: string;
}

/**
 * The smallest single change that turns `before` into `after`: the common
 * prefix and suffix are kept. Linear, but compares in large chunks first
 * (native string equality) so a 5 MB document costs about a millisecond.
 */
export function changeBetween(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  for (let chunk = 65536; chunk >= 1; chunk >>= 4) {
    while (prefix + chunk <= max && before.slice(prefix, prefix + chunk) === after.slice(prefix, prefix + chunk)) prefix += chunk;
  }
  const maxSuffix = max - prefix;
  let suffix = 0;
  for (let chunk = 65536; chunk >= 1; chunk >>= 4) {
    while (suffix + chunk <= maxSuffix
      && before.slice(before.length - suffix - chunk, before.length - suffix) === after.slice(after.length - suffix - chunk, after.length - suffix)) {
      suffix += chunk;
    }
  }
  return { rangeOffset: prefix, rangeLength: before.length - prefix - suffix, text: after.slice(prefix, after.length - suffix) };
}

/** Whether `change` turns `before` into a text of `after`'s length with its new text where it says (a cheap sanity check). */
export function plausibleChange(before: string, after: string, change: TextChange): boolean {
  const { rangeOffset, rangeLength, text } = change;
  return Number.isInteger(rangeOffset) && Number.isInteger(rangeLength) && rangeOffset >= 0 && rangeLength >= 0
    && rangeOffset + rangeLength <= before.length
    && after.length === before.length - rangeLength + text.length
    && after.startsWith(text, rangeOffset);
}
