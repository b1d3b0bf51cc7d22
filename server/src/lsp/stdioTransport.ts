/**
 * The server's stdio transport (`--stdio`, as every editor, VS Code
 * included, starts it): the library's own, except that a message
 * parameter able to write its own JSON (`OWN_JSON`) is sent as those bytes.
 * A 1 MB template publishes ~1,500 diagnostics (~1 MB of JSON) on every
 * keystroke; JSON.stringify of all of them cost ~8 ms per edit, while the
 * diagnostics that did not change keep their bytes (lsp/publishedDiagnostics.ts).
 * Over any other transport the same parameter serializes through `toJSON`.
 */
import { Console } from 'node:console';
import { StreamMessageReader, StreamMessageWriter, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

export const OWN_JSON = Symbol('rdscope.ownJson');

/**
 * A message parameter that writes its own JSON: the same value JSON.stringify
 * would write of it, between `before` and `after` (the rest of the message:
 * written in the same buffer, the ~1 MB is not copied once more).
 */
export interface OwnJson {
  [OWN_JSON](before?: string, after?: string): Buffer;
}

function hasOwnJson(value: unknown): value is OwnJson {
  return typeof value === 'object' && value !== null && typeof (value as Partial<OwnJson>)[OWN_JSON] === 'function';
}

/** A message as JSON bytes: its parameter's own, when it has them. */
export function encodeMessage(msg: Message): Buffer {
  const params = (msg as { params?: unknown }).params;
  if (!hasOwnJson(params)) return Buffer.from(JSON.stringify(msg), 'utf8');
  const { params: _, ...rest } = msg as Message & { params: unknown };
  return params[OWN_JSON](`${JSON.stringify(rest).slice(0, -1)},"params":`, '}');
}

/**
 * The reader and writer over stdin and stdout. What the library does for
 * `--stdio` is done here too: the process exits when the editor closes stdin,
 * and `console` output goes to stderr, never into the protocol stream.
 */
export function stdioTransport(shutdownReceived: () => boolean): [MessageReader, MessageWriter] {
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  const exit = () => process.exit(shutdownReceived() ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  const writer = new StreamMessageWriter(process.stdout, {
    charset: 'utf-8',
    contentTypeEncoder: {
      name: 'application/json',
      // async: an error while encoding is the promise's rejection, as the library's own encoder gives it.
      encode: async (msg) => encodeMessage(msg),
    },
  });
  return [new StreamMessageReader(process.stdin), writer];
}
