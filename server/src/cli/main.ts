/**
 * `rdscope` command line: `lint` and `model` for now (rules, graph, report
 * come with their issues). Exit codes: 0 clean, 1 findings at --fail-level,
 * 2 usage errors or unreadable paths.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_CONFIG } from '../config/config';
import { readTemplateFile } from '../io/readTemplateFile';
import { analyzeDocument, lintAnalyzed, type AnalyzedDocument } from '../lint';
import { LineIndex } from '../parse/lineIndex';
import { topologyToJson } from '../model/serialize';

const VERSION = '0.1.0';
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', 'cdk.out']);
const CANDIDATE = /\.(ya?ml|json|template)$/i;

class UsageError extends Error {}

function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    let st;
    try { st = statSync(p); } catch { throw new UsageError(`cannot read ${p}: no such file or folder`); }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (SKIPPED_DIRS.has(name)) continue;
        const child = join(p, name);
        const cst = statSync(child, { throwIfNoEntry: false });
        if (cst?.isDirectory()) walk(child);
        else if (cst?.isFile() && CANDIDATE.test(name)) out.push(child);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

function analyzeFiles(files: string[]): Map<string, AnalyzedDocument> {
  const docs = new Map<string, AnalyzedDocument>();
  for (const file of files) {
    const uri = relative(process.cwd(), resolve(file)) || file;
    const read = readTemplateFile(file, DEFAULT_CONFIG.maxFileBytes);
    if (read.ok) docs.set(uri, analyzeDocument({ uri, text: read.text }));
    else docs.set(uri, { uri, text: '', format: 'yaml', lineIndex: new LineIndex(''), problem: { message: read.message, range: { start: 0, end: 0 } } });
  }
  return docs;
}

function main(argv: string[]): number {
  const [command = 'lint', ...rest] = argv;
  if (command === '--version' || command === '-v') { console.log(VERSION); return 0; }
  if (command === '--help' || command === '-h') { console.log('usage: rdscope lint [paths...] | rdscope model FILE... [--format json]'); return 0; }
  const paths = rest.filter((a) => !a.startsWith('--'));
  const documents = analyzeFiles(collectFiles(paths.length ? paths : ['.']));
  const result = lintAnalyzed(documents);
  if (command === 'model') {
    const json = topologyToJson(result.topology, (f) => documents.get(f)?.lineIndex);
    console.log(JSON.stringify(json, null, 2));
    return 0;
  }
  if (command !== 'lint') throw new UsageError(`unknown command ${command}`);
  for (const f of result.findings) {
    const pos = documents.get(f.file)!.lineIndex.positionAt(f.range.start);
    console.log(`${f.file}:${pos.line + 1}:${pos.character + 1}  ${f.severity}  ${f.ruleId}  ${f.message}${f.resource ? `  (${f.resource})` : ''}`);
  }
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) { console.error(`rdscope: ${error.message}`); process.exitCode = 2; }
  else { console.error(`rdscope: internal error: ${error instanceof Error ? error.message : String(error)}`); process.exitCode = 2; }
}
