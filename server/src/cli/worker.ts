/**
 * A lint worker (dist/worker.js): analyzes the files it is given and keeps
 * the documents, then lints the link groups it is assigned (see
 * partition.ts) and sends back plain findings. It reads workspace files as
 * text only and makes no network requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalyzedDocument, Finding } from '../lint';
import { initHcl } from '../parse/hcl';
import { deploymentFileSource } from '../config/deployments';
import { analyzeFile } from './analyzeFile';
import { lintDocumentsByConfig, type DocumentInfo } from './groupLint';
import { needsHcl } from './lintSync';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

const { configs, readRoots } = workerData as WorkerData;
// Modules, tfvars and nested templates under the read roots, and the parameter files the deployments name.
const files = deploymentFileSource(configs, readRoots);
const held = new Map<string, AnalyzedDocument>();
const info = new Map<string, DocumentInfo>();

function handle(message: ToWorker): FromWorker {
  if (message.type === 'analyze') {
    const outcomes = message.tasks.map((task) => {
      const { outcome, document } = analyzeFile(task, configs[task.configId], files);
      if (document) held.set(task.uri, document);
      info.set(task.uri, { configId: task.configId, context: task.context });
      return outcome;
    });
    return { type: 'analyzed', id: message.id, outcomes };
  }
  for (const task of message.adopt) {
    const { document } = analyzeFile(task, configs[task.configId], files, false);
    if (document) held.set(task.uri, document);
    info.set(task.uri, { configId: task.configId, context: task.context });
  }
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const group of message.groups) {
    const documents = new Map<string, AnalyzedDocument>();
    for (const uri of group) {
      const d = held.get(uri);
      if (d) documents.set(uri, d);
    }
    const result = lintDocumentsByConfig(documents, (uri) => info.get(uri), configs, files);
    // Only what the output needs crosses to the main thread: an entity drags the whole topology into the message.
    for (const f of result.findings) findings.push(withoutModel(f));
    for (const f of result.suppressed) suppressed.push(withoutModel(f));
  }
  return { type: 'linted', id: message.id, findings, suppressed };
}

function withoutModel({ entity: _entity, proposal: _proposal, ...finding }: Finding): Finding {
  return finding;
}

// Terraform HCL's parser loads WebAssembly asynchronously; requests wait for it, in their order. A run
// without .tf files may still get one later: a module in HCL called by a named .tf.json root (run.ts).
let hclRequested = (workerData as WorkerData).hcl;
// A failure to load it never stops the queue: .tf files then get RDS000 saying why (parse/hcl.ts).
let ready: Promise<unknown> = hclRequested ? initHcl().catch(() => undefined) : Promise.resolve();

parentPort!.on('message', (message: ToWorker) => {
  const uris = message.type === 'analyze' ? message.tasks.map((t) => t.uri) : message.adopt.map((t) => t.uri);
  if (!hclRequested && needsHcl(uris)) {
    hclRequested = true;
    ready = ready.then(() => initHcl()).catch(() => undefined);
  }
  ready = ready.then(() => {
    let reply: FromWorker;
    try {
      reply = handle(message);
    } catch (error) {
      reply = { type: 'failed', id: message.id, error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
    }
    parentPort!.postMessage(reply);
  });
});
