/**
 * Control characters made visible, for every human-readable output (the text
 * report, `--format github`, the CLI's notes on stderr). A logical id, a file
 * name or a message comes from the linted workspace: printed raw, a newline
 * forges report lines (and GitHub `::error` workflow commands), and terminal
 * escape sequences (ESC ] 0 ; title, ESC [ 2 J, OSC 52 clipboard) act on
 * the reader's terminal. What is escaped:
 *
 * - C0 controls (U+0000-U+001F, including tab, CR and LF) and DEL: `\n`,
 *   `\r`, `\t` by name, the others as `\xNN`;
 * - C1 controls (U+0080-U+009F; U+009B is a one-character CSI);
 * - the Unicode line and paragraph separators (U+2028, U+2029), which
 *   some viewers break lines on;
 * - bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069),
 *   which reorder what a reader sees ("Trojan Source", CVE-2021-42574),
 *   as `\u{XXXX}`.
 *
 * JSON and SARIF need none of this: JSON.stringify escapes every control
 * character, and their readers are programs.
 */

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** The text with every control character shown as an escape; one line whatever it holds. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, visible);
}

/** Like printable, but keeps line breaks: for multi-line text rdscope wrote itself (a stack trace) around workspace values. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
