/**
 * A preload (`node --require <guard.cjs>`) that records, then refuses, every
 * way a process could reach the network, start a program, or load code from
 * the workspace being linted: sockets (net, tls, http, https, http2, dgram),
 * DNS, fetch, child processes, `require` of a workspace file, native addons,
 * and worker threads running a workspace file. A lint must leave its log
 * empty. Worker threads inherit the preload (their execArgv is the parent's);
 * with RDSCOPE_GUARD_TRACE set, each thread it guards adds a line there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GUARD_SOURCE = String.raw`'use strict';
const fs = require('fs');
const path = require('path');
const LOG = process.env.RDSCOPE_GUARD_LOG;
const WORKSPACE = process.env.RDSCOPE_GUARD_WORKSPACE ? fs.realpathSync(process.env.RDSCOPE_GUARD_WORKSPACE) : undefined;
function record(what) {
  if (LOG) fs.appendFileSync(LOG, JSON.stringify({ pid: process.pid, what, stack: new Error().stack.split('\n').slice(2, 8).join(' | ') }) + '\n');
}
function refuse(what) {
  record(what);
  throw new Error('rdscope guard: ' + what + ' is not allowed during a lint');
}
// What was allowed, for the test to see where the guard ran (threads inherit it): one line per thread.
if (process.env.RDSCOPE_GUARD_TRACE) {
  const { isMainThread, threadId } = require('worker_threads');
  fs.appendFileSync(process.env.RDSCOPE_GUARD_TRACE, JSON.stringify({ pid: process.pid, thread: threadId, main: isMainThread }) + '\n');
}
const short = (v) => { try { return JSON.stringify(v).slice(0, 120); } catch { return String(v).slice(0, 120); } };
function patch(mod, name, label) {
  const target = require(mod);
  if (typeof target[name] !== 'function') return;
  target[name] = function guarded(...args) { return refuse(label + ' ' + short(args[0])); };
}
const net = require('net');
net.Socket.prototype.connect = function guardedConnect(...args) { return refuse('net.Socket.connect ' + short(args[0])); };
net.Server.prototype.listen = function guardedListen(...args) { return refuse('net.Server.listen ' + short(args[0])); };
for (const name of ['connect', 'createConnection']) patch('net', name, 'net.' + name);
patch('tls', 'connect', 'tls.connect');
for (const mod of ['http', 'https']) for (const name of ['request', 'get']) patch(mod, name, mod + '.' + name);
patch('http2', 'connect', 'http2.connect');
patch('dgram', 'createSocket', 'dgram.createSocket');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse']) {
  patch('dns', name, 'dns.' + name);
  const promises = require('dns').promises;
  if (promises && typeof promises[name] === 'function') promises[name] = (...args) => refuse('dns.promises.' + name + ' ' + short(args[0]));
}
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) patch('child_process', name, 'child_process.' + name);
if (typeof globalThis.fetch === 'function') {
  const realFetch = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input, init) {
    const url = String(input && input.url ? input.url : input);
    if (url.startsWith('file:') || url.startsWith('data:')) return realFetch(input, init);
    return refuse('fetch ' + url);
  };
}
const inWorkspace = (file) => {
  if (!WORKSPACE || typeof file !== 'string') return false;
  let real = file;
  try { real = fs.realpathSync(file); } catch {}
  const rel = path.relative(WORKSPACE, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};
const Module = require('module');
const load = Module._load;
Module._load = function guardedLoad(request, parent, isMain) {
  let resolved;
  try { resolved = Module._resolveFilename(request, parent, isMain); } catch {}
  if (resolved && inWorkspace(resolved)) return refuse('require of workspace file ' + resolved);
  return load.apply(this, arguments);
};
const dlopen = process.dlopen;
process.dlopen = function guardedDlopen(module, filename, ...rest) {
  if (inWorkspace(filename)) return refuse('native addon from the workspace ' + filename);
  return dlopen.call(this, module, filename, ...rest);
};
const workerThreads = require('worker_threads');
const RealWorker = workerThreads.Worker;
workerThreads.Worker = class GuardedWorker extends RealWorker {
  constructor(filename, options) {
    const file = filename instanceof URL ? filename.pathname : filename;
    if (!(options && options.eval) && inWorkspace(String(file))) refuse('a worker running a workspace file ' + file);
    if (options && options.eval) record('a worker evaluating code ' + short(filename));
    super(filename, options);
  }
};
`;

/** Writes the preload into `dir` and returns its path. */
export function writeGuard(dir: string): string {
  const path = join(dir, 'rdscope-guard.cjs');
  writeFileSync(path, GUARD_SOURCE);
  return path;
}
