/**
 * The editor's view of a template's databases: document symbols (outline and
 * breadcrumbs name each database, cluster and proxy) and the code lens above
 * each database (its recovery summary; a click opens the diagram on it).
 * Pure: a document and the linked topology in, LSP shapes out.
 */
import type { CodeLens, DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import type { AnalyzedDocument } from '../lint';
import type { Entity, Topology } from '../model/topology';
import { recoveryProfiles } from '../rules/recovery';
import { databaseSummary, type Database } from './databaseSummary';
import { toLspRange } from './diagnostics';

/** What a code lens runs: the diagram, asked to focus one resource. */
export const SHOW_TOPOLOGY_COMMAND = 'rdscope.showTopology';

/** The argument the lens passes to `rdscope.showTopology`. */
export interface ShowTopologyArgs {
  readonly uri: string;
  /** The resource to focus: logical id or Terraform address. */
  readonly focus: string;
}

// LSP SymbolKind values (the protocol's numbers; the server bundle imports no enums it does not need).
const SYMBOL_KIND: Readonly<Record<'cluster' | 'instance' | 'proxy', SymbolKind>> = { cluster: 3 /* Namespace */, instance: 23 /* Struct */, proxy: 11 /* Interface */ };

/**
 * One group per written resource: a Terraform block with `count` /
 * `for_each` is one block (one symbol, one lens) for all its instances.
 */
function blocksOf<T extends Entity>(doc: AnalyzedDocument, entities: readonly T[]): T[][] {
  const byId = new Map<string, T[]>();
  for (const e of entities) {
    if (e.file !== doc.uri) continue;
    const key = `${e.idRange.start}:${e.idRange.end}`;
    byId.set(key, [...(byId.get(key) ?? []), e]);
  }
  return [...byId.values()].sort((a, b) => a[0].range.start - b[0].range.start);
}

/** `aws_db_instance.shards[0]` -> `aws_db_instance.shards` for a block of several instances. */
function blockName(block: readonly Entity[]): string {
  return block.length > 1 ? block[0].id.replace(/\[[^\]]*\]$/, '') : block[0].id;
}

export function documentSymbols(doc: AnalyzedDocument, topology: Topology): DocumentSymbol[] {
  const kinds: [readonly Entity[], SymbolKind][] = [
    [topology.clusters, SYMBOL_KIND.cluster],
    [topology.instances, SYMBOL_KIND.instance],
    [topology.proxies, SYMBOL_KIND.proxy],
  ];
  const symbols: DocumentSymbol[] = [];
  for (const [entities, kind] of kinds) {
    for (const block of blocksOf(doc, entities)) {
      const first = block[0];
      const range = toLspRange(doc.lineIndex, first.range);
      const selectionRange = toLspRange(doc.lineIndex, first.idRange);
      symbols.push({
        name: blockName(block),
        detail: block.length > 1 ? `${first.resourceType} × ${block.length}` : first.resourceType,
        kind,
        range,
        // The protocol wants the selection inside the range; a Terraform label sits in its block, a logical id before its body.
        selectionRange: contains(range, selectionRange) ? selectionRange : range,
      });
    }
  }
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function codeLenses(doc: AnalyzedDocument, topology: Topology): CodeLens[] {
  const databases: Database[] = [...topology.clusters, ...topology.instances];
  const lenses: CodeLens[] = [];
  const blocks = blocksOf(doc, databases);
  // One walk per replication chain for all the lenses, not one per database (a long chain made it quadratic).
  const profiles = recoveryProfiles(blocks.map((b) => b[0]), topology);
  for (const block of blocks) {
    const first = block[0];
    const summary = databaseSummary(first, profiles.get(first));
    const title = block.length > 1 ? `${block.length} instances · ${summary}` : summary;
    const args: ShowTopologyArgs = { uri: doc.uri, focus: first.id };
    lenses.push({ range: toLspRange(doc.lineIndex, first.idRange), command: { title, command: SHOW_TOPOLOGY_COMMAND, arguments: [args] } });
  }
  return lenses.sort((a, b) => a.range.start.line - b.range.start.line);
}

function contains(outer: { start: Pos; end: Pos }, inner: { start: Pos; end: Pos }): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}
type Pos = { line: number; character: number };
const before = (a: Pos, b: Pos) => a.line < b.line || (a.line === b.line && a.character < b.character);
