/**
 * Lints a set of analyzed documents the way the whole run would: once per
 * configuration that governs one of them (usually one), over all of them so
 * links across files resolve, keeping each file's findings from the run with
 * its own configuration. Context files of a shard are linked but their
 * findings dropped.
 */
import type { LintConfig } from '../config/config';
import { lintAnalyzed, type AnalyzedDocument, type Finding } from '../lint';

export interface DocumentInfo {
  readonly configId: number;
  readonly context?: boolean;
}

export function lintDocumentsByConfig(
  documents: ReadonlyMap<string, AnalyzedDocument>,
  infoOf: (uri: string) => DocumentInfo | undefined,
  configs: readonly LintConfig[],
): { findings: Finding[]; suppressed: Finding[] } {
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  const ids = new Set<number>();
  for (const uri of documents.keys()) {
    const info = infoOf(uri);
    if (info && !info.context) ids.add(info.configId);
  }
  for (const id of [...ids].sort((a, b) => a - b)) {
    const result = lintAnalyzed(documents, { config: configs[id] });
    const keep = (f: Finding) => {
      const info = infoOf(f.file);
      return info !== undefined && info.configId === id && !info.context;
    };
    // A loop, not push(...findings): 135,000 arguments overflow the stack.
    for (const item of result.findings.filter(keep)) findings.push(item);
    for (const item of result.suppressed.filter(keep)) suppressed.push(item);
  }
  return { findings, suppressed };
}
