/**
 * Incremental analysis and lint for the language server: re-read only the
 * resource an edit touched, re-run only the rules over what it is linked to.
 * The state lives in one IncrementalAnalysis object the server owns; the
 * result is always what lint.ts gives for the same documents
 * (test/incremental/equivalence.test.ts). The CLI never uses it.
 */
import { DEFAULT_CONFIG, type LintConfig } from '../config/config';
import type { FileSource } from '../evaluate/inputs';
import { analyzeDocument, lintInRuleOrder, type AnalyzedDocument, type LintOptions, type LintResult } from '../lint';
import type { Entity } from '../model/topology';
import type { LineIndex } from '../parse/lineIndex';
import { RULES } from '../rules/registry';
import type { TextChange } from './change';
import { Lineage } from './derivation';
import { prepareForEdits, reanalyzeDocument } from './reanalyze';
import { LintMemory } from './relint';

export { incrementalStats } from './reanalyze';
export type { TextChange } from './change';
export { relintStats, LOCAL_RULES } from './relint';

export class IncrementalAnalysis {
  private readonly lineage = new Lineage();
  private readonly lints = new LintMemory(this.lineage);

  /**
   * The analysis of `text`, the new content of the document `previous`
   * analyzed (`change`: the edit, when the editor sent it; `lineIndex`: the
   * index of `text`, when the editor's copy has one). Equal to
   * analyzeDocument({uri, text}, config); `previous` stays valid.
   */
  reanalyze(previous: AnalyzedDocument | undefined, uri: string, text: string, config: LintConfig, change?: TextChange, files?: FileSource, lineIndex?: LineIndex): AnalyzedDocument {
    if (previous && previous.uri === uri) return reanalyzeDocument(this.lineage, previous, text, change, config, files, lineIndex);
    // A document the editor just opened is re-analyzed at the first keystroke: its lint is worth remembering (the
    // first keystroke after opening a 5 MB template had linted it all again).
    const doc = analyzeDocument({ uri, text }, config, lineIndex ? { lineIndex: () => lineIndex } : {}, files);
    this.lineage.markLive(doc);
    return doc;
  }

  /** Works out now, while the server is idle, what the first edit of `doc` would (reanalyze.ts prepareForEdits). */
  prepare(doc: AnalyzedDocument): void {
    if (this.lineage.isLive(doc)) prepareForEdits(doc);
  }

  /**
   * The entities an incremental re-analysis rebuilt to make `doc` from `base`
   * (the old ones and their replacements); undefined when `doc` was not made
   * that way or was linted since.
   */
  rebuilt(doc: AnalyzedDocument): { readonly base: AnalyzedDocument; readonly removed: readonly Entity[]; readonly added: readonly Entity[] } | undefined {
    const d = this.lineage.peekDerivation(doc);
    return d && { base: d.base, removed: d.removed, added: d.added };
  }

  /** lintAnalyzed(documents, options), continued from the previous lint of a re-analyzed document where it can be. */
  lint(documents: ReadonlyMap<string, AnalyzedDocument>, options: LintOptions = {}): LintResult {
    const config = options.config ?? DEFAULT_CONFIG;
    const rules = options.rules ?? RULES;
    const again = this.lints.relintFromPrevious(documents, config, rules);
    if (again) return again;
    const { result, inRuleOrder } = lintInRuleOrder(documents, { ...options, config, rules });
    this.lints.rememberLint(result, config, rules, inRuleOrder);
    return result;
  }
}
