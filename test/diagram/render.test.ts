import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runGraph, type GraphIo } from '../../server/src/cli/graph';
import { dotString, renderDot } from '../../server/src/diagram/dot';
import { escapeMarkup } from '../../server/src/diagram/escape';
import { buildDiagram } from '../../server/src/diagram/graph';
import { renderHtml } from '../../server/src/diagram/html';
import type { DiagramInput } from '../../server/src/diagram/input';
import { layoutDiagram } from '../../server/src/diagram/layout';
import { mermaidString, renderMermaid } from '../../server/src/diagram/mermaid';
import { renderDiagram } from '../../server/src/diagram/render';
import { renderSvg } from '../../server/src/diagram/svg';
import { lintDocuments } from '../../server/src/lint';
import { readFixture, REPO_ROOT } from '../helpers';
import { diagramFixture, hostileVariant } from './helpers';

const ALL = 'test/fixtures/diagram/all-shapes.yaml';
const HOSTILE = 'test/fixtures/diagram/hostile.yaml';

/** An in-memory GraphIo: lints fixture files by path, captures output. */
function memoryIo(): GraphIo & { out: string; err: string; files: Map<string, string> } {
  const io = {
    out: '', err: '', files: new Map<string, string>(),
    lint: (paths: readonly string[]) => lintDocuments(paths.map((p) => ({ uri: p, text: readFixture(...p.split('/').slice(2)) }))),
    stdout: (t: string) => { io.out += t; },
    stderr: (t: string) => { io.err += t; },
    writeFile: (p: string, t: string) => { io.files.set(p, t); },
  };
  return io;
}

/**
 * The attribute names of every tag in escaped markup. Escaped values hold no
 * quote and no ">", so a tag ends at the first ">" and each value is one "...".
 */
function attributeNames(markup: string): Set<string> {
  const names = new Set<string>();
  for (const tag of markup.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const name of tag[0].replace(/="[^"]*"/g, '=').matchAll(/\s([^\s=/>]+)=/g)) names.add(name[1].toLowerCase());
  }
  return names;
}

const attributeValues = (svg: string, name: string) => [...svg.matchAll(new RegExp(` ${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('SVG', () => {
  it('gives each drawn resource a data-resource element and each edge a data-edge element', async () => {
    const input = diagramFixture('all-shapes.yaml');
    const layout = await layoutDiagram(buildDiagram(input));
    const svg = renderSvg(layout);
    assert.equal(attributeValues(svg, 'data-node').length, layout.nodes.length);
    const resources = new Set(attributeValues(svg, 'data-resource').map(unescape));
    for (const id of [...input.topology.instances, ...input.topology.clusters, ...input.topology.proxies, ...input.topology.proxyEndpoints].map((e) => e.id)) {
      assert.ok(resources.has(id), `no data-resource for ${id}`);
    }
    assert.equal(attributeValues(svg, 'data-edge').length, layout.edges.length);
    assert.ok(attributeValues(svg, 'data-edge').map(unescape).includes('Orders -> OrdersReplica'));
    assert.equal(attributeValues(svg, 'data-group').length, layout.groups.length);
  });

  it('lays out every node inside its group, and every edge from its source to its target', async () => {
    const layout = await layoutDiagram(buildDiagram(diagramFixture('all-shapes.yaml')));
    const boxes = new Map([...layout.nodes, ...layout.groups].map((b) => [b.key, b]));
    for (const n of layout.nodes) {
      assert.ok(n.width > 0 && n.height > 0, n.key);
      const parent = boxes.get(n.parent);
      if (!parent) continue;
      assert.ok(n.x >= parent.x && n.y >= parent.y && n.x + n.width <= parent.x + parent.width + 0.5 && n.y + n.height <= parent.y + parent.height + 0.5,
        `${n.title} lies outside ${parent.key}`);
    }
    for (const e of layout.edges) {
      assert.ok(e.points.length >= 2, e.name);
      const near = (p: { x: number; y: number }, key: string) => {
        const b = boxes.get(key)!;
        return p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
      };
      assert.ok(near(e.points[0], e.from) && near(e.points[e.points.length - 1], e.to), `${e.name} does not join its nodes`);
    }
  });

  it('gives the same SVG for the same input (the webview and the CLI must agree)', async () => {
    const input = diagramFixture('all-shapes.yaml');
    const a = renderSvg(await layoutDiagram(buildDiagram(input)));
    const b = renderSvg(await layoutDiagram(buildDiagram(JSON.parse(JSON.stringify(input)) as DiagramInput)));
    assert.equal(a, b);
  });

  it('uses no inline style attributes and no scripts (a strict CSP would refuse them)', async () => {
    const svg = await renderDiagram(diagramFixture('all-shapes.yaml'), 'svg');
    assert.doesNotMatch(svg, / style="/);
    assert.doesNotMatch(svg, /<script|javascript:| on[a-z]+="/i);
  });
});

describe('escaping', () => {
  it('escapes markup, quotes and ampersands, and replaces characters XML forbids', () => {
    assert.equal(escapeMarkup(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeMarkup('a\u0001b\uffffc\ud800d'), 'a\ufffdb\ufffdc\ufffdd');
    assert.equal(escapeMarkup('ok 😀\ttab\nline'), 'ok 😀\ttab\nline');
  });

  for (const [name, input] of [
    ['hostile.yaml (names that are markup)', () => diagramFixture('hostile.yaml')],
    ['all-shapes.yaml with markup in every value', () => hostileVariant(diagramFixture('all-shapes.yaml'))],
  ] as const) {
    it(`keeps every string of ${name} text in SVG, HTML, DOT and Mermaid`, async () => {
      const data = input();
      assert.ok(JSON.stringify(data).includes('<script>'), 'the fixture really carries markup');
      for (const format of ['svg', 'html'] as const) {
        const out = await renderDiagram(data, format, { nonce: 'n0nce' });
        // After escaping, a literal "<" can only open a real tag: this finds elements, not names shown as text.
        assert.doesNotMatch(out, /<(script|img|iframe|b)[\s>]/i, format);
        assert.deepEqual([...attributeNames(out)].filter((a) => a.startsWith('on') || a === 'src' || a === 'href'), [], format);
        assert.doesNotMatch(out, /[\u0001\uffff]/, format);
      }
      const svg = await renderDiagram(data, 'svg');
      assert.ok(svg.includes(escapeMarkup(data.topology.instances[0].id).slice(0, 20)), 'the hostile name is shown, escaped');
      const dot = await renderDiagram(data, 'dot');
      // Outside quoted strings, DOT holds only identifiers and punctuation.
      const bare = dot.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/ -> /g, ' ');
      assert.doesNotMatch(bare, /[<>'&]/);
      const mermaid = await renderDiagram(data, 'mermaid');
      for (const label of mermaid.matchAll(/"([^"]*)"/g)) assert.match(label[1], /^[A-Za-z0-9 .,:_/()+\-#;<br/>]*$/);
    });
  }

  it('writes DOT strings Graphviz reads back as the same text', () => {
    assert.equal(dotString('a"b\\l\nc'), '"a\\"b\\\\l\\nc"');
  });

  it('writes Mermaid labels with entity codes only', () => {
    assert.equal(mermaidString('<b>"x"</b>'), '"#60;b#62;#34;x#34;#60;/b#62;"');
    assert.equal(mermaidString('two\nlines'), '"two<br/>lines"');
  });
});

describe('DOT and Mermaid', () => {
  const graph = buildDiagram(diagramFixture('all-shapes.yaml'));

  it('DOT: one statement per node and edge, subgraphs for regions, AZs and clusters', () => {
    const dot = renderDot(graph);
    assert.match(dot, /^digraph rdscope \{/);
    assert.equal((dot.match(/\{/g) ?? []).length, (dot.match(/\}/g) ?? []).length);
    assert.equal((dot.match(/^\s*n\d+ \[label=/gm) ?? []).length, graph.nodes.length);
    assert.equal((dot.match(/^\s*n\d+ -> n\d+ /gm) ?? []).length, graph.edges.length);
    assert.equal((dot.match(/subgraph cluster_/g) ?? []).length, graph.groups.length + graph.compounds.size);
    assert.match(dot, /style=dashed, color="#bc4c00"/, 'restores are dashed');
  });

  it('Mermaid: a flowchart with every node, every edge and balanced subgraphs', () => {
    const mermaid = renderMermaid(graph);
    assert.match(mermaid, /^flowchart LR\n/);
    assert.equal((mermaid.match(/^\s*subgraph /gm) ?? []).length, (mermaid.match(/^\s*end$/gm) ?? []).length);
    assert.equal((mermaid.match(/^\s*n\d+[[(]/gm) ?? []).length, graph.nodes.length);
    assert.equal((mermaid.match(/^\s*n\d+ (==>|-->|-\.->)\|/gm) ?? []).length, graph.edges.length);
  });
});

describe('standalone HTML', () => {
  it('carries the same strict CSP as the webview, a nonce\'d style and no script', async () => {
    const html = await renderDiagram(diagramFixture('all-shapes.yaml'), 'html', { nonce: 'abc123' });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-abc123&#39;; img-src data:">/);
    assert.match(html, /<style nonce="abc123">/);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /<svg [^>]*class="rdscope-diagram"/);
    assert.match(html, /Recovery estimates/);
  });

  it('uses a fresh nonce each time', async () => {
    const layout = await layoutDiagram(buildDiagram(diagramFixture('all-shapes.yaml')));
    const nonce = (h: string) => /nonce-([^&]+)&/.exec(h)?.[1];
    assert.notEqual(nonce(renderHtml(layout)), nonce(renderHtml(layout)));
  });
});

describe('rdscope graph', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'rdscope-graph-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints from dist/cli.js the very SVG the renderer (and so the webview export) makes', async () => {
    const cli = join(REPO_ROOT, 'dist', 'cli.js');
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `node esbuild.mjs` first');
    const run = spawnSync(process.execPath, [cli, 'graph', ALL], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, await renderDiagram(diagramFixture('all-shapes.yaml'), 'svg'));
  });

  it('writes the same SVG as the renderer', async () => {
    const io = memoryIo();
    assert.equal(await runGraph([ALL], io), 0);
    assert.equal(io.out, await renderDiagram(diagramFixture('all-shapes.yaml'), 'svg'));
    assert.equal(io.err, '');
  });

  it('writes each format, to a file whose extension picks the format', async () => {
    for (const [args, check] of [
      [['--format', 'dot'], /^digraph/],
      [['-f', 'mermaid'], /^flowchart LR/],
      [['--format=html'], /^<!DOCTYPE html>/],
      [['--format', 'svg', '--theme', 'dark', '--no-legend'], /^<svg /],
    ] as const) {
      const io = memoryIo();
      assert.equal(await runGraph([ALL, ...args], io), 0, args.join(' '));
      assert.match(io.out, check);
    }
    const io = memoryIo();
    assert.equal(await runGraph([ALL, '-o', join(tmp, 'out.json')], io), 0);
    const json = JSON.parse(io.files.get(join(tmp, 'out.json'))!);
    assert.equal(json.version, 1);
    assert.ok(json.nodes.length > 10 && json.edges.every((e: { points: unknown[] }) => e.points.length >= 2));
  });

  it('draws several files together, a replica in one and its source in another', async () => {
    const io = memoryIo();
    assert.equal(await runGraph([ALL, HOSTILE, '-f', 'mermaid'], io), 0);
    assert.match(io.out, /OrdersReplica/);
    assert.match(io.out, /Replica#38;amp#59;#60;b/);
  });

  it('refuses unknown formats and options with exit code 2 and the usage', async () => {
    for (const args of [['--format', 'pdf'], ['--theme', 'sepia'], ['--fleet-threshold', '0'], ['--bogus']]) {
      const io = memoryIo();
      assert.equal(await runGraph([ALL, ...args], io), 2, args.join(' '));
      assert.match(io.err, /usage: rdscope graph/);
      assert.equal(io.out, '');
    }
  });

  it('says so when there is nothing to draw', async () => {
    const io = memoryIo();
    io.lint = () => lintDocuments([{ uri: 'empty.yaml', text: 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n' }]);
    assert.equal(await runGraph(['empty.yaml'], io), 0);
    assert.match(io.err, /no RDS resources found/);
    assert.match(io.out, /^<svg /);
  });

  it('keeps the hostile fixture inert in the HTML it writes', async () => {
    const io = memoryIo();
    assert.equal(await runGraph([HOSTILE, '-f', 'html'], io), 0);
    assert.doesNotMatch(io.out, /<script|<img|<iframe/i);
    assert.ok(![...attributeNames(io.out)].some((a) => a.startsWith('on')));
    assert.ok(io.out.includes('&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;'), 'the name is shown as text');
  });
});
