/**
 * Messages between the CLI and its lint workers (worker.ts). Everything is
 * plain data: models hold value-tree nodes and cannot cross threads, so a
 * worker keeps the documents it analyzed and only findings, texts and link
 * keys travel.
 */
import type { LintConfig } from '../config/config';
import type { Finding } from '../lint';
import type { FileOutcome, FileTask } from './analyzeFile';

export type ToWorker =
  | { readonly type: 'analyze'; readonly id: number; readonly tasks: readonly FileTask[] }
  | {
    readonly type: 'lint';
    readonly id: number;
    /** Each group in global file order; the worker holds or adopts every file in it. */
    readonly groups: readonly (readonly string[])[];
    /** Files of these groups analyzed by another worker: analyzed again here from the same text. */
    readonly adopt: readonly FileTask[];
  };

export type FromWorker =
  | { readonly type: 'analyzed'; readonly id: number; readonly outcomes: readonly FileOutcome[] }
  | { readonly type: 'linted'; readonly id: number; readonly findings: readonly Finding[]; readonly suppressed: readonly Finding[] }
  | { readonly type: 'failed'; readonly id: number; readonly error: string; readonly stack?: string };

export interface WorkerData {
  /** Resolved configurations by id (FileTask.configId). */
  readonly configs: readonly LintConfig[];
  /** Some files are Terraform HCL: load its WebAssembly parser before the first request. */
  readonly hcl: boolean;
  /** Folders whose files evaluation may read (Terraform modules, tfvars): cli/deploymentFlags.ts readRootsFor. */
  readonly readRoots: readonly string[];
}
