/**
 * Bounds that keep hostile input from taking the process down. Each one turns
 * into a located RDS000 instead of a stack overflow or an out-of-memory.
 */
export const MAX_NESTING_DEPTH = 512;
/** Nodes that YAML aliases may add in total (an alias bomb doubles per level). */
export const MAX_ALIAS_EXPANSION_NODES = 100_000;
/** Default size limit; configurable (`maxFileSize` / `--max-file-size`). */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
