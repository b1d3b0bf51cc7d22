/**
 * One file from disk (or from memory, for --fix-dry-run's later passes) to an
 * analyzed document, the same way in the main thread and in a worker: read
 * safely, analyze, and never throw. A file that cannot be decoded or is too
 * large becomes RDS000 when it looks like a template and is skipped when it
 * does not; a crash inside a model builder becomes RDS000 on that file, not
 * the end of the run.
 *
 * Workspace files are only ever read as text: nothing here requires,
 * imports or executes them.
 */
import type { LintConfig } from '../config/config';
import type { FileSource } from '../evaluate/inputs';
import { readTemplateFile } from '../io/readTemplateFile';
import { readFileHead, readRegularTextOrUndefined } from '../io/regularFile';
import { analyzeDocument, type AnalyzedDocument } from '../lint';
import { formatOf } from '../parse/detect';
import type { TemplateKind } from '../parse/detect';
import { looksLikeTemplate } from '../parse/detect';
import { LineIndex } from '../parse/lineIndex';
import type { Range } from '../parse/tree';
import { linkKeysOf, type LinkKeys } from './partition';

export interface FileTask {
  readonly path: string;
  readonly uri: string;
  readonly configId: number;
  /** The text to lint instead of the file's content (set by --fix-dry-run after its first pass). */
  readonly text?: string;
  /** A context file of a shard: linked, its findings not reported. */
  readonly context?: boolean;
  /** Named on the command line: if it cannot be read as text it is RDS000 with the reason, never skipped in silence. */
  readonly named?: boolean;
}

/** What the main thread learns about a file; plain data, so it crosses a worker boundary. */
export interface FileOutcome {
  readonly uri: string;
  readonly path: string;
  readonly configId: number;
  readonly context?: boolean;
  readonly status: 'template' | 'problem' | 'skipped' | 'unreadable';
  /** For templates and problems: the text that was linted (fixes and positions refer to it). */
  readonly text?: string;
  readonly kind?: TemplateKind;
  readonly skipped?: string;
  readonly problem?: { readonly message: string; readonly range: Range };
  /** Cannot be opened at all (permissions, vanished): exit code 2. */
  readonly error?: string;
  /** A crash while analyzing, with its stack (printed with --debug). */
  readonly internalError?: string;
  readonly keys?: LinkKeys;
  /**
   * The local files this file's deployment reads besides itself: the templates its nested stacks
   * expand and the folders of the local modules it calls (run.ts adds the ones not named).
   */
  readonly reads?: { readonly templates?: readonly string[]; readonly moduleFolders?: readonly string[] };
}

const HEAD_BYTES = 64 * 1024;

function readHead(path: string): string {
  return new TextDecoder('utf-8').decode(readFileHead(path, HEAD_BYTES));
}

function problemDocument(uri: string, text: string, message: string, offset: number): AnalyzedDocument {
  return { uri, text, format: formatOf(uri, text), lineIndex: new LineIndex(text), problem: { message, range: { start: offset, end: offset } } };
}

/**
 * `linkKeys`: whether the outcome carries the file's link keys (partition.ts), which only grouping
 * across workers and a shard's context search read; they cost a walk over every entity.
 */
export function analyzeFile(task: FileTask, config: LintConfig, files?: FileSource, linkKeys = true): { outcome: FileOutcome; document?: AnalyzedDocument } {
  const base = { uri: task.uri, path: task.path, configId: task.configId, ...(task.context ? { context: true } : {}) };
  let text = task.text;
  if (text === undefined) {
    let read;
    try {
      read = readTemplateFile(task.path, config.maxFileBytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { outcome: { ...base, status: 'unreadable', error: `cannot read ${task.uri} (${code ?? (error instanceof Error ? error.message : String(error))})` } };
    }
    if (!read.ok) {
      // Binary, not UTF-8 or too large: RDS000 for something that looks like a template, else skipped.
      let head = '';
      try { head = readHead(task.path); } catch { /* judged on the name alone */ }
      if (!task.named && !looksLikeTemplate(head, task.uri)) return { outcome: { ...base, status: 'skipped', skipped: read.message } };
      // Positions: the readable prefix, decoded leniently (the offset points into it).
      let lenient = '';
      if (read.offset > 0) {
        lenient = readRegularTextOrUndefined(task.path, config.maxFileBytes) ?? ''; // unreadable: offset 0 then
      }
      const document = problemDocument(task.uri, lenient, read.message, Math.min(read.offset, lenient.length));
      return { outcome: { ...base, status: 'problem', text: lenient, problem: document.problem }, document };
    }
    text = read.text;
  }
  let document: AnalyzedDocument;
  try {
    // Test hook: RDSCOPE_TEST_CRASH=<end of a file's path> makes analyzing that file throw.
    const crash = process.env.RDSCOPE_TEST_CRASH;
    if (crash && crash !== 'command' && task.uri.endsWith(crash)) throw new Error('simulated crash (RDSCOPE_TEST_CRASH)');
    document = analyzeDocument({ uri: task.uri, text }, config, {}, files);
  } catch (error) {
    const message = `rdscope could not analyze this template (internal error: ${error instanceof Error ? error.message : String(error)}); please report it`;
    document = problemDocument(task.uri, text, message, 0);
    return {
      outcome: { ...base, status: 'problem', text, problem: document.problem, internalError: error instanceof Error ? error.stack ?? error.message : String(error) },
      document,
    };
  }
  if (document.problem) return { outcome: { ...base, status: 'problem', text, problem: document.problem }, document };
  if (!document.model) return { outcome: { ...base, status: 'skipped', skipped: document.skipped ?? 'not a template' } };
  const { nestedTemplates, moduleFolders } = document.model;
  const reads = nestedTemplates || moduleFolders
    ? { reads: { ...(nestedTemplates ? { templates: nestedTemplates } : {}), ...(moduleFolders ? { moduleFolders } : {}) } }
    : {};
  return { outcome: { ...base, status: 'template', text, kind: document.kind, ...(linkKeys ? { keys: linkKeysOf(document.model) } : {}), ...reads }, document };
}
