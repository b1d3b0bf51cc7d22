import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { exportName, panelActionFor, replacesDiagram, topologyTargetOf, type PanelContext } from '../../client/src/topologyMessages';
import { fixture } from '../helpers';
import { diagramOf } from './helpers';

const FILE = 'file:///work/stack/orders.yaml';
const context: PanelContext = { files: new Set([FILE, 'file:///work/stack/replica.yaml']), documentUri: FILE };
const range = { start: { line: 6, character: 2 }, end: { line: 6, character: 8 } };
// A 1x1 PNG.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('topology panel messages', () => {
  it('reveals the selected range of a file in the diagram', () => {
    assert.deepEqual(panelActionFor({ type: 'reveal', file: FILE, range }, context), { kind: 'reveal', file: FILE, range });
  });

  it('refuses to reveal files the diagram does not show, or ranges that are not ranges', () => {
    for (const message of [
      { type: 'reveal', file: 'file:///etc/passwd', range },
      { type: 'reveal', file: FILE },
      { type: 'reveal', file: FILE, range: { start: { line: -1, character: 0 }, end: range.end } },
      { type: 'reveal', file: FILE, range: { start: { line: 1.5, character: 0 }, end: range.end } },
      { type: 'reveal', file: FILE, range: { start: { line: '1', character: 0 }, end: range.end } },
    ]) {
      assert.equal(panelActionFor(message, context).kind, 'ignore', JSON.stringify(message));
    }
  });

  it('copies the range, so nothing else in the message travels on', () => {
    const action = panelActionFor({ type: 'reveal', file: FILE, range: { ...range, start: { ...range.start, extra: '<x>' } } }, context);
    assert.deepEqual(action.kind === 'reveal' && action.range.start, { line: 6, character: 2 });
    assert.equal(Object.keys(action).join(), 'kind,file,range');
  });

  it('saves an SVG export under the document\'s name', () => {
    const action = panelActionFor({ type: 'export', format: 'svg', text: '<svg xmlns="http://www.w3.org/2000/svg"/>' }, context);
    assert.equal(action.kind, 'save');
    assert.ok(action.kind === 'save');
    assert.equal(action.defaultName, 'orders.topology.svg');
    assert.equal(new TextDecoder().decode(action.data), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });

  it('saves a PNG export as its bytes, and only a real PNG', () => {
    const action = panelActionFor({ type: 'export', format: 'png', dataUrl: PNG }, context);
    assert.ok(action.kind === 'save');
    assert.equal(action.defaultName, 'orders.topology.png');
    assert.deepEqual([...action.data.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    for (const dataUrl of ['data:image/svg+xml;base64,PHN2Zz4=', 'data:image/png;base64,AAAA', 'data:image/png;base64,<script>', 42]) {
      assert.equal(panelActionFor({ type: 'export', format: 'png', dataUrl }, context).kind, 'ignore', String(dataUrl));
    }
    assert.equal(panelActionFor({ type: 'export', format: 'svg', text: 'not svg' }, context).kind, 'ignore');
    assert.equal(panelActionFor({ type: 'export', format: 'pdf', text: '<svg/>' }, context).kind, 'ignore');
  });

  it('answers "ready" by sending the diagram, logs webview errors, ignores the rest', () => {
    assert.deepEqual(panelActionFor({ type: 'ready' }, context), { kind: 'ready' });
    assert.equal(panelActionFor({ type: 'error', message: 'layout failed' }, context).kind, 'log');
    for (const junk of [null, 'reveal', [], { type: 42 }, { type: 'runCommand', command: 'workbench.action.terminal.new' }]) {
      assert.equal(panelActionFor(junk, context).kind, 'ignore', JSON.stringify(junk));
    }
  });

  it('names exports after the template, safely', () => {
    assert.equal(exportName('file:///a/b/orders.yaml'), 'orders.topology');
    assert.equal(exportName('file:///a/main.tf.json'), 'main.topology');
    assert.equal(exportName('untitled:Untitled-1'), 'untitled-Untitled-1.topology');
    assert.equal(exportName('file:///a/%3Cscript%3E.yaml'), '-script-.topology');
    assert.equal(exportName(undefined), 'rds.topology');
  });
});

describe('which answers replace the diagram on show', () => {
  const TEMPLATE = 'file:///work/stack/all-shapes.yaml';
  const template = diagramOf(TEMPLATE, readFileSync(fixture('diagram', 'all-shapes.yaml'), 'utf8'));
  const shown = { documentUri: TEMPLATE };

  it('keeps the last template\'s diagram when focus moves to a YAML file that is not a template', () => {
    const workflow = 'file:///work/stack/.github/workflows/ci.yaml';
    const answer = diagramOf(workflow, readFileSync(fixture('lsp', 'not-a-template.yaml'), 'utf8'));
    assert.equal(answer.topology.instances.length, 0);
    assert.equal(replacesDiagram(answer, workflow, shown), false);
    assert.equal(replacesDiagram(answer, workflow, undefined), true, 'with nothing on show, it says what there is');
  });

  it('draws another template, and the followed template even when its last resource is deleted', () => {
    const orders = 'file:///work/stack/orders.yaml';
    assert.equal(replacesDiagram(diagramOf(orders, readFileSync(fixture('lsp', 'orders.yaml'), 'utf8')), orders, shown), true);
    const emptied = diagramOf(TEMPLATE, 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
    assert.equal(replacesDiagram(emptied, TEMPLATE, shown), true);
    assert.equal(replacesDiagram(template, TEMPLATE, shown), true);
  });
});

describe('rdscope.showTopology\'s argument', () => {
  it('takes a code lens\'s document and resource, and a failure to drill', () => {
    assert.deepEqual(topologyTargetOf({ uri: FILE, focus: 'OrdersDb' }), { uri: FILE, focus: 'OrdersDb' });
    assert.deepEqual(topologyTargetOf({ drill: 'az-outage' }), { drill: 'az-outage' });
    assert.deepEqual(topologyTargetOf(undefined), {});
  });

  it('drops what is not a short string of the expected kind (any caller can run a command)', () => {
    assert.deepEqual(topologyTargetOf({ uri: 42, focus: 'OrdersDb' }), {}, 'a focus needs its document');
    assert.deepEqual(topologyTargetOf({ uri: FILE, focus: { toString: 'x' } }), { uri: FILE });
    assert.deepEqual(topologyTargetOf({ uri: FILE, focus: 'x'.repeat(5000) }), { uri: FILE });
    assert.deepEqual(topologyTargetOf({ drill: 'meteor-strike' }), {});
    assert.deepEqual(topologyTargetOf('file:///x.yaml'), {});
  });
});
