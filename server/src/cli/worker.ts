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
    const { document } = analyzeFile(task, configs[task.configId], files);
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

// Terraform HCL's parser loads WebAssembly asynchronously; requests wait for it, in their order.
const hclReady = (workerData as WorkerData).hcl ? initHcl() : Promise.resolve(false);

parentPort!.on('message', (message: ToWorker) => void hclReady.then(() => {
  let reply: FromWorker;
  try {
    reply = handle(message);
  } catch (error) {
    reply = { type: 'failed', id: message.id, error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
  }
  parentPort!.postMessage(reply);
}));
