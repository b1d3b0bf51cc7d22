/**
 * What publishDiagnostics sends for a document, made cheap to send again.
 * After an edit in a 1 MB template nearly all of its ~1,500 findings are the
 * same Finding objects (a value replaced: the incremental lint keeps them) or
 * copies moved with the text (typing). Each one's diagnostic and JSON are kept
 * and reused while toDiagnostic would give the same: the same finding at the
 * same LSP positions (lines above may have moved), or a moved copy with the
 * same content at the same positions.
 *
 * Converting every finding again cost ~6 ms per edit, JSON.stringify of the
 * message ~8 ms (1 MB template, ~1,500 diagnostics). What is left is bound by
 * memory, not by computing: a finding's objects lie all over a large heap, so
 * a kept finding is recognized by its pointer and checked against the kept
 * diagnostic's own arrays, never by reading the finding.
 */
import type { Diagnostic, PublishDiagnosticsParams, Range as LspRange } from 'vscode-languageserver';
import type { Finding } from '../lint';
import type { LineIndex, LineShift } from '../parse/lineIndex';
import type { Range } from '../parse/tree';
import { movedFrom } from '../incremental/movedFinding';
import type { Shift } from '../incremental/shift';
import { eachRange, toDiagnostic, type DocumentLookup } from './diagnostics';
import type { RuleDocLink } from './ruleDocLinks';
import { OWN_JSON, type OwnJson } from './stdioTransport';

type Version = number | null;
type LineIndexOf = (file: string) => LineIndex | undefined;

/** Per range toDiagnostic converts: its start and end offsets, then the LSP line and character of each (-1: no index). */
const PLACE = 6;

/** Where a finding's diagnostic points: PLACE numbers per range (eachRange's order), and the ranges' files when not all the finding's own. */
interface Placed {
  readonly places: Int32Array;
  readonly rangeFiles: readonly string[] | undefined;
}

function placesOf(f: Finding, lineIndexOf: LineIndexOf): Placed {
  const places: number[] = [];
  const files: string[] = [];
  eachRange(f, (file: string, range: Range) => {
    const index = lineIndexOf(file);
    const start = index?.positionAt(range.start);
    const end = index?.positionAt(range.end);
    places.push(range.start, range.end, start?.line ?? -1, start?.character ?? -1, end?.line ?? -1, end?.character ?? -1);
    files.push(file);
  });
  return { places: Int32Array.from(places), rangeFiles: files.every((file) => file === f.file) ? undefined : files };
}

/**
 * A diagnostic as toDiagnostic made it, and its JSON, shared by the
 * EncodedDiagnostic made for it and every one moved from that. The JSON is
 * made once; once a line break moved the diagnostic, it is also kept cut
 * around its line numbers.
 */
class DiagnosticJson {
  /** JSON.stringify of the diagnostic, as UTF-8. */
  private bytes?: Uint8Array;
  /** The JSON cut around the line numbers, and the places index (a line) that goes after each piece but the last. */
  linePieces?: readonly Uint8Array[];
  lineSlots?: Int32Array;
  linePiecesLength = 0;

  constructor(
    readonly diagnostic: Diagnostic,
    /** The line of each range's start and end, as the diagnostic has them. */
    readonly lines: Int32Array,
  ) {}

  /** Whether `places` has the lines the diagnostic has. */
  hasLines(places: Int32Array): boolean {
    for (let r = 0; r < this.lines.length; r += 2) {
      const at = (r >> 1) * PLACE;
      if (places[at + 2] !== this.lines[r] || places[at + 4] !== this.lines[r + 1]) return false;
    }
    return true;
  }

  json(): Uint8Array {
    return (this.bytes ??= Buffer.from(JSON.stringify(this.diagnostic), 'utf8'));
  }

  /**
   * The JSON cut around its line numbers: in toDiagnostic's order (the
   * range, each related location's: eachRange's order), a start's then an
   * end's. A `"line":` with digits after it is a position's (a quote inside a
   * string is escaped); there must be one per line, else undefined.
   */
  lineCut(): { pieces: readonly Uint8Array[]; slots: Int32Array; length: number } | undefined {
    if (!this.linePieces) {
      const texts: string[] = [];
      const slots: number[] = [];
      let line = 0;
      const t = JSON.stringify(this.diagnostic);
      let from = 0;
      for (const m of t.matchAll(/"line":(\d+)/g)) {
        const digitsAt = m.index + 7;
        texts.push(t.slice(from, digitsAt));
        if (line >= this.lines.length || Number(m[1]) !== this.lines[line]) line = Infinity;
        // Line k is the start (k even) or end of range k >> 1: its places index.
        slots.push(((line >> 1) * PLACE) + 2 + (line & 1) * 2);
        line++;
        from = digitsAt + m[1].length;
      }
      texts.push(t.slice(from));
      if (line !== this.lines.length) return undefined;
      const cut = piecesOf(texts);
      this.linePieces = cut.pieces;
      this.lineSlots = Int32Array.from(slots);
      this.linePiecesLength = cut.length;
    }
    return { pieces: this.linePieces, slots: this.lineSlots!, length: this.linePiecesLength };
  }
}

/** The texts as UTF-8, one buffer, a view per text. */
function piecesOf(texts: readonly string[]): { pieces: Uint8Array[]; length: number } {
  const bytes = Buffer.from(texts.join(''), 'utf8');
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const t of texts) {
    const to = from + Buffer.byteLength(t, 'utf8');
    pieces.push(bytes.subarray(from, to));
    from = to;
  }
  return { pieces, length: bytes.length };
}

/** The line of each range's start and end in `places`. */
function linesOf(places: Int32Array): Int32Array {
  const lines = new Int32Array((places.length / PLACE) * 2);
  for (let at = 0, i = 0; at < places.length; at += PLACE) {
    lines[i++] = places[at + 2];
    lines[i++] = places[at + 4];
  }
  return lines;
}

/** A copy of `places` whose offsets, each plus `d`, are moved by `shift` (lines and characters as they were). */
function offsetsMoved(places: Int32Array, d: number, shift: Shift): Int32Array {
  const moved = places.slice();
  for (let at = 0; at < moved.length; at += PLACE) {
    for (let k = at; k <= at + 1; k++) moved[k] = moved[k] + d >= shift.from ? moved[k] + d + shift.delta : moved[k] + d;
  }
  return moved;
}

/** The number of decimal digits of a line number. */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) { n = Math.floor(n / 10); d++; }
  return d;
}

/** One finding's diagnostic, where it points, and its JSON. */
export class EncodedDiagnostic {
  /** The finding's file and severity (1 error, 2 warning, 3 info): read here, the finding (elsewhere in memory) is not touched again. */
  readonly file: string;
  readonly severity: number;
  /** The diagnostic, when its lines are not the made one's (made when read). */
  private moved?: Diagnostic;

  constructor(
    readonly finding: Finding,
    private readonly json: DiagnosticJson,
    /** PLACE numbers per range, in eachRange's order (placesOf). */
    private readonly places: Int32Array,
    /** The file of each range; absent when every range is in the finding's file. */
    private readonly rangeFiles: readonly string[] | undefined,
    /** Added to every offset in `places`: a diagnostic moved with the text shares the places of the one it was moved from. */
    private readonly offsetDelta = 0,
    /** Whether its lines (in `places`) are not the ones json.diagnostic has: a line break above moved it. */
    private readonly linesMoved = false,
  ) {
    this.file = finding.file;
    this.severity = json.diagnostic.severity ?? 1;
  }

  /** As toDiagnostic would give it now. */
  get diagnostic(): Diagnostic {
    if (!this.linesMoved) return this.json.diagnostic;
    return (this.moved ??= withLines(this.json.diagnostic, this.places));
  }

  /**
   * Whether toDiagnostic would place it where it is: positionAt of each
   * offset is still the kept position. An O(1) test per position
   * (offsetAt/lineStart, no binary search, no allocation).
   */
  stillPlaced(lineIndexOf: LineIndexOf, lines: LineShift | undefined): boolean {
    const places = this.places;
    // Above the edited lines nothing moved.
    if (lines && !this.rangeFiles && offTheLines(places, lines)) return true;
    let lastFile = this.file;
    let index = lineIndexOf(lastFile);
    const d = this.offsetDelta;
    for (let at = 0, r = 0; at < places.length; at += PLACE, r++) {
      const file = this.rangeFiles ? this.rangeFiles[r] : lastFile;
      if (file !== lastFile) { lastFile = file; index = lineIndexOf(file); }
      if (!index) {
        if (places[at + 2] !== -1) return false;
        continue;
      }
      if (places[at + 2] === -1 || !stillAt(index, places[at] + d, places[at + 2], places[at + 3]) || !stillAt(index, places[at + 1] + d, places[at + 4], places[at + 5])) return false;
    }
    return true;
  }

  /**
   * This diagnostic for `f`, the finding it was made for moved by `shift`
   * (movedFinding.ts: the same content, every offset moved), when
   * toDiagnostic would place it where it is; undefined when a position
   * changed (a range on the edited line, lines added or removed above it).
   * Neither finding is read: the kept offsets are moved and checked, O(1)
   * per position.
   */
  movedBy(f: Finding, shift: Shift, lineIndexOf: LineIndexOf, lines: LineShift | undefined): EncodedDiagnostic | undefined {
    if (this.rangeFiles) return undefined;
    const index = lineIndexOf(this.file);
    if (!index) return undefined;
    const places = this.places;
    const d = this.offsetDelta;
    // The index moved its lines by this very edit: a range above the edited lines is where it was, one below them
    // is `lines.lines` further down at the same character.
    const ls = lines && lines.from === shift.from && lines.delta === shift.delta ? lines : undefined;
    let min = Infinity;
    let max = -Infinity;
    /** How far every range moved down: one number for them all, or the diagnostic is converted again. */
    let down: number | undefined;
    for (let at = 0; at < places.length; at += PLACE) {
      const start = places[at] + d;
      const end = places[at + 1] + d;
      if (start < min) min = start;
      if (end > max) max = end;
      if (places[at + 2] === -1) return undefined;
      let k = 0;
      if (ls && places[at + 2] > ls.last) k = ls.lines;
      else if (!ls || places[at + 4] >= ls.first) {
        const movedStart = start >= shift.from ? start + shift.delta : start;
        const movedEnd = end >= shift.from ? end + shift.delta : end;
        if (!stillAt(index, movedStart, places[at + 2], places[at + 3]) || !stillAt(index, movedEnd, places[at + 4], places[at + 5])) return undefined;
      }
      if (down === undefined) down = k;
      else if (down !== k) return undefined;
    }
    let moved: Int32Array = places;
    let delta = d;
    let linesMoved = this.linesMoved;
    if (down) {
      // A line break above: its own places, every offset and line moved.
      moved = offsetsMoved(places, d, shift);
      for (let at = 0; at < moved.length; at += PLACE) {
        moved[at + 2] += down;
        moved[at + 4] += down;
      }
      delta = 0;
      linesMoved = !this.json.hasLines(moved);
      if (linesMoved && !this.json.lineCut()) return undefined;
    } else if (min >= shift.from) delta += shift.delta;
    else if (max >= shift.from) {
      // Some offsets moved, some did not: its own places.
      moved = offsetsMoved(places, d, shift);
      delta = 0;
    }
    return new EncodedDiagnostic(f, this.json, moved, undefined, delta, linesMoved);
  }

  /**
   * Whether toDiagnostic gives `f`, placed at `where`, this diagnostic: the
   * same rule, severity, message, resource and related messages, in the same
   * files at the same positions. A finding moved with the text (typing
   * moves every finding after the cursor: new objects, same diagnostics).
   */
  sameContent(f: Finding, where: Placed): boolean {
    const o = this.finding;
    if (f.ruleId !== o.ruleId || f.severity !== o.severity || f.message !== o.message || f.resource !== o.resource || f.file !== o.file) return false;
    if (f.related.length !== o.related.length) return false;
    for (let i = 0; i < f.related.length; i++) if (f.related[i].file !== o.related[i].file || f.related[i].message !== o.related[i].message) return false;
    const a = where.places;
    const b = this.places;
    if (a.length !== b.length) return false;
    // The positions, not the offsets (those moved).
    for (let at = 0; at < a.length; at += PLACE) {
      for (let k = 2; k < PLACE; k++) if (a[at + k] !== b[at + k]) return false;
    }
    return true;
  }

  /** This diagnostic for `f`, the finding it was made for moved with the text (sameContent): the JSON is shared. */
  movedTo(f: Finding, where: Placed): EncodedDiagnostic {
    return new EncodedDiagnostic(f, this.json, where.places, where.rangeFiles, 0, this.linesMoved);
  }

  /** The length of its JSON. */
  get jsonLength(): number {
    if (!this.linesMoved) return this.json.json().length;
    const { slots, length } = this.json.lineCut()!;
    let n = length;
    for (let i = 0; i < slots.length; i++) if (slots[i] >= 0) n += digits(this.places[slots[i]]);
    return n;
  }

  /** Writes its JSON (JSON.stringify of `diagnostic`) into `out` at `at`; returns where it ends. */
  writeJson(out: Buffer, at: number): number {
    if (this.linesMoved) return this.writeWithLines(out, at);
    const bytes = this.json.json();
    out.set(bytes, at);
    return at + bytes.length;
  }

  /** writeJson of a diagnostic a line break moved: its lines are written from `places`. */
  private writeWithLines(out: Buffer, at: number): number {
    const { pieces, slots } = this.json.lineCut()!;
    const last = pieces.length - 1;
    for (let i = 0; i < last; i++) {
      out.set(pieces[i], at);
      at += pieces[i].length;
      at += out.write(String(this.places[slots[i]]), at, 'latin1');
    }
    out.set(pieces[last], at);
    return at + pieces[last].length;
  }
}

/** The diagnostic with the lines of `places` (eachRange's order); the characters are its own. */
function withLines(d: Diagnostic, places: Int32Array): Diagnostic {
  let r = 0;
  const range = (old: LspRange): LspRange => {
    const at = r++ * PLACE;
    return { start: { line: places[at + 2], character: old.start.character }, end: { line: places[at + 4], character: old.end.character } };
  };
  const out: Diagnostic = { ...d, range: range(d.range) };
  if (d.relatedInformation) out.relatedInformation = d.relatedInformation.map((x) => ({ ...x, location: { ...x.location, range: range(x.location.range) } }));
  return out;
}

const probe = { line: 0, character: 0 };

/**
 * Whether toDiagnostic places these unmoved offsets as before, by lines
 * alone: every range ends above the edited lines, or (nothing moved) starts
 * below them.
 */
function offTheLines(places: Int32Array, lines: LineShift): boolean {
  for (let at = 0; at < places.length; at += PLACE) {
    if (places[at + 2] === -1) return false;
    if (places[at + 4] < lines.first || (lines.delta === 0 && lines.lines === 0 && places[at + 2] > lines.last)) continue;
    return false;
  }
  return true;
}

/** positionAt(offset) is (line, character): offsetAt gives back `offset` from that position only (lines end at \n, \r\n or \r). */
function stillAt(index: LineIndex, offset: number, line: number, character: number): boolean {
  if (line >= index.lineCount || index.lineStart(line) + character !== offset) return false;
  probe.line = line;
  probe.character = character;
  return index.offsetAt(probe) === offset;
}

/** A document's diagnostics, with what its message needs to know of them. */
export interface EncodedDiagnostics {
  readonly list: readonly EncodedDiagnostic[];
  /** The sum of their jsonLength. */
  readonly jsonLength: number;
  /** How many are errors, warnings and infos (for the status bar: the findings are not read again). */
  readonly severities: SeverityCounts;
}

export interface SeverityCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** What was last published for a document: the findings array (identity), the version, the extra diagnostics, the message. */
interface Published {
  findings: readonly Finding[];
  readonly version: Version;
  extra: readonly Diagnostic[] | undefined;
  readonly message: DiagnosticsMessage;
}

/**
 * What the server last published for each document, and the diagnostics of
 * each document's last findings, walked beside its new ones: mostly the same
 * Finding objects in the same order (a replacement), or findings moved with
 * the text (typing: movedFinding.ts names the one each was moved from); one
 * finding added or gone is stepped over. Anything else is converted again.
 */
export class DiagnosticMemory {
  private readonly published = new Map<string, Published>();
  private readonly lastOf = new Map<string, readonly EncodedDiagnostic[]>();
  /** The serial of the document's line index the last list was placed with. */
  private readonly lastIndexOf = new Map<string, number>();

  constructor(private readonly docLink: RuleDocLink) {}

  /** The diagnostics of `uri`'s findings: the kept ones while toDiagnostic would give them again, else converted. */
  encode(uri: string, findings: readonly Finding[], lookup: DocumentLookup): EncodedDiagnostics {
    // One lookup per file for the whole list, not one per finding.
    const indexes = new Map<string, LineIndex | undefined>();
    const lineIndexOf = (file: string) => {
      let index = indexes.get(file);
      if (index === undefined && !indexes.has(file)) indexes.set(file, (index = lookup.lineIndexOf(file)));
      return index;
    };
    const current: DocumentLookup = { lineIndexOf, versionOf: lookup.versionOf };
    const last = this.lastOf.get(uri) ?? [];
    const index = lineIndexOf(uri);
    const lines = index?.lineShift && index.lineShift.of === this.lastIndexOf.get(uri) ? index.lineShift : undefined;
    const out: EncodedDiagnostic[] = [];
    // What the message needs to know of them, gathered on the way: one pass over memory, not two.
    let jsonLength = 0;
    const bySeverity = [0, 0, 0, 0];
    let j = 0;
    /** Where each finding of `last` is: made when a moved finding's predecessor is not where the walk is. */
    let lastAt: Map<Finding, number> | undefined;
    for (const f of findings) {
      let encoded: EncodedDiagnostic | undefined;
      // The same finding (pointers compared: the finding itself is not read), at the same positions.
      const same = last[j]?.finding === f ? 0 : last[j + 1]?.finding === f ? 1 : -1;
      if (same >= 0) {
        const kept = last[j + same];
        j += same + 1;
        if (kept.stillPlaced(lineIndexOf, lines)) encoded = kept;
      }
      const moved = same < 0 ? movedFrom(f) : undefined;
      if (moved) {
        // A finding the incremental lint moved with the text: the one it was moved from, usually where the walk is.
        let k = last[j]?.finding === moved.from ? j : last[j + 1]?.finding === moved.from ? j + 1 : -1;
        if (k < 0) {
          lastAt ??= new Map(last.map((e, i) => [e.finding, i]));
          k = lastAt.get(moved.from) ?? -1;
        }
        if (k >= 0) {
          j = k + 1;
          // Else a position changed: converted again (its content is the same, its positions are not).
          encoded = last[k].movedBy(f, moved.shift, lineIndexOf, lines) ?? this.convert(f, current, placesOf(f, lineIndexOf));
        }
      }
      if (!encoded) {
        const where = placesOf(f, lineIndexOf);
        if (same < 0 && last[j]?.sameContent(f, where)) encoded = last[j++].movedTo(f, where);
        else if (same < 0 && last[j + 1]?.sameContent(f, where)) { encoded = last[j + 1].movedTo(f, where); j += 2; }
        else encoded = this.convert(f, current, where);
      }
      out.push(encoded);
      jsonLength += encoded.jsonLength;
      bySeverity[encoded.severity]++;
    }
    if (out.length > 0) this.lastOf.set(uri, out);
    else this.lastOf.delete(uri);
    if (index) this.lastIndexOf.set(uri, index.serial);
    else this.lastIndexOf.delete(uri);
    return { list: out, jsonLength, severities: { errors: bySeverity[1], warnings: bySeverity[2], infos: bySeverity[3] } };
  }

  /**
   * The message that publishes `findings` for `uri` (at `version`, after
   * `extra`), and their counts by severity; no message when it would say
   * what the last one published for `uri` said.
   */
  publish(uri: string, findings: readonly Finding[], version: Version, extra: readonly Diagnostic[] | undefined, lookup: DocumentLookup): { message?: DiagnosticsMessage; severities?: SeverityCounts } {
    const last = this.published.get(uri);
    // A link group that was not linted again hands out the same findings array.
    if (last && last.findings === findings && last.version === version && last.extra === extra) return {};
    const encoded = this.encode(uri, findings, lookup);
    const message = new DiagnosticsMessage(uri, version, extra ?? [], encoded);
    if (last && message.sameAs(last.message)) {
      last.findings = findings;
      last.extra = extra;
      return { severities: encoded.severities };
    }
    this.published.set(uri, { findings, version, extra, message });
    return { message, severities: encoded.severities };
  }

  /** Whether diagnostics were published for `uri` (and not forgotten since). */
  hasPublished(uri: string): boolean {
    return this.published.has(uri);
  }

  /** The documents diagnostics were published for. */
  publishedUris(): string[] {
    return [...this.published.keys()];
  }

  /** The document's diagnostics are gone (closed, removed): nothing of it is kept. */
  forget(uri: string): void {
    this.published.delete(uri);
    this.lastOf.delete(uri);
    this.lastIndexOf.delete(uri);
  }

  private convert(f: Finding, lookup: DocumentLookup, where: Placed): EncodedDiagnostic {
    const diagnostic = toDiagnostic(f, lookup, this.docLink);
    return new EncodedDiagnostic(f, new DiagnosticJson(diagnostic, linesOf(where.places)), where.places, where.rangeFiles);
  }
}

/**
 * The parameter of one publishDiagnostics: the document's version and
 * diagnostics. Sent as its own JSON over stdio (OWN_JSON), through `toJSON`
 * over IPC; both give what JSON.stringify of the plain parameter would.
 */
export class DiagnosticsMessage implements OwnJson {
  readonly uri: string;
  readonly version?: number;
  /** Published first, as they are (an open configuration file's own problems). */
  private readonly extra: readonly Diagnostic[];
  private readonly encoded: readonly EncodedDiagnostic[];
  private readonly jsonLength: number;

  constructor(uri: string, version: Version, extra: readonly Diagnostic[], encoded: EncodedDiagnostics) {
    this.uri = uri;
    if (version !== null) this.version = version;
    this.extra = extra;
    this.encoded = encoded.list;
    this.jsonLength = encoded.jsonLength;
  }

  /** The same JSON: the same diagnostics, or equal ones (a group linted again with nothing changed for this document). */
  sameAs(other: DiagnosticsMessage): boolean {
    if (this.uri !== other.uri || this.version !== other.version || this.encoded.length !== other.encoded.length) return false;
    if (this.extra !== other.extra && JSON.stringify(this.extra) !== JSON.stringify(other.extra)) return false;
    let identical = true;
    for (let i = 0; i < this.encoded.length && identical; i++) identical = this.encoded[i] === other.encoded[i];
    if (identical) return true;
    return this[OWN_JSON]().equals(other[OWN_JSON]());
  }

  get diagnostics(): Diagnostic[] {
    return [...this.extra, ...this.encoded.map((e) => e.diagnostic)];
  }

  toJSON(): PublishDiagnosticsParams {
    return { uri: this.uri, ...(this.version !== undefined ? { version: this.version } : {}), diagnostics: this.diagnostics };
  }

  [OWN_JSON](before = '', after = ''): Buffer {
    const head = Buffer.from(`${before}{"uri":${JSON.stringify(this.uri)}${this.version !== undefined ? `,"version":${this.version}` : ''},"diagnostics":[${this.extra.map((d) => `${JSON.stringify(d)},`).join('')}`);
    // One buffer, written once: the diagnostics' kept bytes and the commas between them.
    const tail = Buffer.from(`]}${after}`);
    const out = Buffer.allocUnsafe(head.length + this.jsonLength + this.encoded.length + tail.length);
    let at = head.copy(out, 0);
    // The extra diagnostics end with a comma: none after the last one when no finding follows.
    if (this.encoded.length === 0 && this.extra.length > 0) at--;
    for (let i = 0; i < this.encoded.length; i++) {
      if (i > 0) out[at++] = 0x2c; // ,
      at = this.encoded[i].writeJson(out, at);
    }
    at += tail.copy(out, at);
    return out.subarray(0, at);
  }
}
