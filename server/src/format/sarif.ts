/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF
 * viewer). Checked in the tests against the official schema
 * (schemas/sarif-2.1.0.json).
 *
 * - `tool.driver.rules` lists every rule (RDS000 and the registry) with its
 *   summary, description and doc page; results point at them by `ruleIndex`.
 * - Levels: error -> error, warning -> warning, info -> note.
 * - Locations: `uri` relative to the working directory (run from the
 *   repository root) with `uriBaseId` %SRCROOT%; regions are 1-based, end
 *   column exclusive, columns in UTF-16 code units (`columnKind`). The
 *   logical location is the resource's logical id or Terraform address.
 * - `partialFingerprints["rdscope/v1"]`: a hash of the rule, the resource, the
 *   file and the offending text (not its line), with a counter for repeats,
 *   so a finding keeps its identity when unrelated lines move.
 * - Suppressed findings (--show-suppressed) carry an `inSource` suppression,
 *   which code scanning shows as dismissed.
 */
import type * as Crypto from 'node:crypto';
import { isAbsolute } from 'node:path';
import type { Finding } from '../lint';
import type { Severity } from '../rules/types';
import { prettyJsonPieces } from './jsonPieces';
import { helpUri, INFORMATION_URI, oneLine, rangeOf, shownFindings, type FormatOptions, type ReportDocument, type ReportInput } from './types';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'rdscope/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function uriReference(path: string): string {
  return path.split('/').map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
}

function artifactLocation(file: string) {
  // Report paths are relative to the working directory unless absolute on this
  // platform (another drive on Windows): on Linux `C:/db.yaml` is the folder `C:`.
  if (isAbsolute(file)) {
    // Outside the working directory on another drive: an absolute file URI.
    return { uri: `file://${file.startsWith('/') ? '' : '/'}${uriReference(file).replace(/^([A-Za-z])%3A/, '$1:')}` };
  }
  return { uri: uriReference(file), uriBaseId: '%SRCROOT%' };
}

function region(doc: ReportDocument | undefined, range: { start: number; end: number }) {
  const r = rangeOf(doc, range);
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

function offendingText(doc: ReportDocument | undefined, f: Finding): string {
  if (!doc) return '';
  return doc.text.slice(f.range.start, f.range.end).replace(/\s+/g, ' ').trim();
}

/** The SARIF result of each finding shown, in order, made one at a time. */
function* sarifResults(input: ReportInput, options: FormatOptions) {
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  const doc = (file: string) => input.documents.get(file);
  const seen = new Map<string, number>();
  // Required here, not imported: loading node:crypto (and the streams it pulls in) costs every CLI start ~4 ms, and only SARIF hashes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof Crypto;

  for (const f of shownFindings(input, options.showSuppressed)) {
    const d = doc(f.file);
    const key = createHash('sha256').update([f.ruleId, f.resource ?? '', f.file, offendingText(d, f)].join('\u0000')).digest('hex').slice(0, 32);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    const location = {
      physicalLocation: { artifactLocation: artifactLocation(f.file), region: region(d, f.range) },
      ...(f.resource ? { logicalLocations: [{ name: f.resource, fullyQualifiedName: f.resource, kind: 'resource' }] } : {}),
    };
    const index = ruleIndex.get(f.ruleId);
    yield {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[f.severity],
      message: { text: oneLine(f.message) },
      locations: [location],
      partialFingerprints: { [FINGERPRINT_KEY]: `${key}:${occurrence}` },
      ...(f.related.length > 0
        ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            physicalLocation: { artifactLocation: artifactLocation(r.file), region: region(doc(r.file), r.range) },
            message: { text: oneLine(r.message) },
          })),
        }
        : {}),
      ...(f.fix && f.fix.edits.length > 0
        ? {
          fixes: [{
            description: { text: f.fix.title },
            artifactChanges: [...new Set(f.fix.edits.map((e) => e.file))].map((file) => ({
              artifactLocation: artifactLocation(file),
              replacements: f.fix!.edits.filter((e) => e.file === file).map((e) => ({
                deletedRegion: region(doc(file), e.range),
                insertedContent: { text: e.newText },
              })),
            })),
          }],
        }
        : {}),
      ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: 'rdscope ignore in the template (Metadata rdscope.ignore or a Terraform "//" comment)' }] } : {}),
      ...(f.resourceType ? { properties: { resourceType: f.resourceType } } : {}),
    };
  }
}

/** The SARIF log with `results` as its run's results (the last value it writes: jsonPieces.ts streams them). */
function sarifLog<R>(options: FormatOptions, results: R) {
  const rules = options.rules;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0' as const,
    runs: [{
      tool: {
        driver: {
          name: 'rdscope',
          version: options.toolVersion,
          semanticVersion: options.toolVersion,
          informationUri: INFORMATION_URI,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.name,
            shortDescription: { text: r.summary },
            fullDescription: { text: r.description },
            helpUri: helpUri(r.id),
            help: { text: `${r.summary} See ${helpUri(r.id)}`, markdown: `${r.summary}\n\n[${r.id} ${r.name}](${helpUri(r.id)})` },
            defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            properties: { tags: ['aws', 'rds', 'reliability'] },
          })),
        },
      },
      columnKind: 'utf16CodeUnits' as const,
      invocations: [{ executionSuccessful: true }],
      results,
    }],
  };
}

export function toSarif(input: ReportInput, options: FormatOptions) {
  return sarifLog(options, [...sarifResults(input, options)]);
}

export function formatSarif(input: ReportInput, options: FormatOptions): string {
  return [...sarifReportChunks(input, options)].join('');
}

/** The SARIF log's text in pieces, each result made as it is written (jsonPieces.ts). */
export function sarifReportChunks(input: ReportInput, options: FormatOptions): Iterable<string> {
  return prettyJsonPieces(sarifLog(options, []), sarifResults(input, options));
}
