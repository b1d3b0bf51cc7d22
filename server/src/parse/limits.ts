/**
 * Bounds that keep hostile input from taking the process down. Each one turns
 * into a located RDS000 instead of a stack overflow or an out-of-memory.
 */
export const MAX_NESTING_DEPTH = 512;
/** Nodes that YAML aliases may add in total (an alias bomb doubles per level). */
export const MAX_ALIAS_EXPANSION_NODES = 100_000;
/**
 * Default size limit; configurable (`maxFileBytes` / `--max-file-size`).
 * 4 MB, not 20: measured (bench/README.md, "Hostile inputs"), linting costs
 * about 1.8 s of CPU and 150-200 MB of memory per MB of template (a 4.9 MB
 * Terraform replica chain: 9 s of CPU, 1.02 GB), so 20 MB took a minute and
 * 2-4 GB; 4 MB stays under the 10 s / 1 GB a run may cost. CloudFormation
 * itself takes templates up to 1 MB (from S3; 51,200 bytes inline:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
