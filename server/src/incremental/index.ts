/**
 * Incremental analysis and lint for the language server: re-read only the
 * resource an edit touched, re-run only the rules over what it is linked to.
 * reanalyzeDocument(previous, text, change?) replaces analyzeDocument for a
 * document the server already analyzed; lintAnalyzed picks the incremental
 * lint up by itself.
 */
export { reanalyzeDocument, incrementalStats } from './reanalyze';
export type { TextChange } from './change';
export { relintStats, LOCAL_RULES } from './relint';
