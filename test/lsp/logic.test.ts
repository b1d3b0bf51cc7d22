/**
 * The language logic without a connection (lsp/*.ts are pure): the template
 * pre-filter, settings, fix-all, the scheduler, the scan bounds, the
 * diagnostic and hover builders, and the workspace model.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { analyzeDocument, lintDocuments, type Finding } from '../../server/src/lint';
import { fixAll, kindRequested, minimalEdit, quickFixActions } from '../../server/src/lsp/codeActions';
import { applyEdits } from '../../server/src/fix/plan';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { entityAt, hoverAt } from '../../server/src/lsp/hover';
import { listCandidateFiles } from '../../server/src/lsp/scan';
import { LintScheduler } from '../../server/src/lsp/scheduler';
import { DEFAULT_SETTINGS, mergeConfigs, readSettings, settingsToConfig } from '../../server/src/lsp/settings';
import { mayBeTemplate, WorkspaceModel, type FileScope } from '../../server/src/lsp/workspace';
import { CORPUS, CORPUS_PRESENT, FIXTURES, readFixture } from '../helpers';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json|template)$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe('mayBeTemplate: the pre-filter never skips what the engine lints', () => {
  it('on every fixture and corpus file, and on edge cases', () => {
    const files = [...filesUnder(FIXTURES), ...(CORPUS_PRESENT ? filesUnder(CORPUS) : [])];
    let templates = 0;
    let skipped = 0;
    for (const file of files) {
      let text: string;
      try { text = readFileSync(file, 'utf8'); } catch { continue; }
      let linted: boolean;
      try {
        const analyzed = analyzeDocument({ uri: file, text });
        linted = analyzed.model !== undefined || analyzed.problem !== undefined;
      } catch {
        // The server reports an engine failure as RDS000 on the file: that needs the pre-filter to let it through too.
        linted = true;
      }
      if (linted) {
        templates++;
        assert.ok(mayBeTemplate(file, text), `${file} is linted by the engine but the pre-filter skips it`);
      } else if (!mayBeTemplate(file, text)) skipped++;
    }
    assert.ok(templates > 50, `${templates} templates checked`);
    // Plain YAML and JSON that is not a template costs no parse.
    assert.equal(mayBeTemplate('compose.yaml', readFixture('lsp', 'not-a-template.yaml')), false);
    assert.equal(mayBeTemplate('package.json', '{"name": "x", "dependencies": {"resource-x": "1"}}'), false);
    assert.equal(mayBeTemplate('k8s.yaml', 'spec:\n  resources:\n    limits: {cpu: 1}\n'), false);
    for (const t of ['resource:\n  aws_db_instance: {}\n', '{"module": {}}', '{"variable":{"a":{}}}', 'x: 1\nResources: {}\n', '{"format_version":"1","planned_values":{}}']) {
      assert.ok(mayBeTemplate('x.json', t), t);
    }
    assert.ok(mayBeTemplate('broken.template.yaml', '{{{'), 'names that say template always count');
    assert.ok(skipped >= 0);
  });
});

describe('settings', () => {
  it('a client that answers null, or garbage, gives the defaults', () => {
    assert.deepEqual(readSettings(null), { settings: DEFAULT_SETTINGS, problems: [] });
    assert.deepEqual(readSettings(undefined).settings, DEFAULT_SETTINGS);
    assert.equal(readSettings(42).problems.length, 1);
    const { settings, problems } = readSettings({ enable: 'no', rules: { RDS201: 'loud', nope: 'off', RDS301: { maxReplicas: 'x', other: 1 } }, include: [1], maxReplicas: 0 });
    assert.equal(settings.enable, true);
    assert.deepEqual(settings.include, []);
    assert.equal(settings.maxReplicas, undefined);
    assert.equal(problems.length, 7, problems.join('\n'));
  });

  it('maps names to ids, severities and options to the engine configuration', () => {
    const { settings } = readSettings({ rules: { 'no-multi-az': 'off', RDS301: { severity: 'error' } }, maxReplicas: 3, exclude: ['legacy/**'] });
    const config = settingsToConfig(settings);
    assert.deepEqual(config.rules, { RDS201: { severity: 'off' }, RDS301: { severity: 'error', options: { maxReplicas: 3 } } });
    assert.deepEqual(config.exclude, ['legacy/**']);
    // An explicit option wins over the maxReplicas shortcut.
    const explicit = settingsToConfig(readSettings({ rules: { RDS301: { maxReplicas: 9 } }, maxReplicas: 3 }).settings);
    assert.deepEqual(explicit.rules.RDS301.options, { maxReplicas: 9 });
  });

  it('.rdscope.yaml wins over the settings, rule by rule', () => {
    const fromSettings = settingsToConfig(readSettings({ rules: { RDS201: 'off', RDS101: 'error' }, maxReplicas: 3, exclude: ['a/**'] }).settings);
    const merged = mergeConfigs(fromSettings, { ...DEFAULT_CONFIG, rules: { RDS201: { severity: 'info' }, RDS301: { options: { maxReplicas: 8 } } }, include: ['infra/**'] });
    assert.equal(merged.rules.RDS201.severity, 'info');
    assert.equal(merged.rules.RDS101.severity, 'error');
    assert.deepEqual(merged.rules.RDS301.options, { maxReplicas: 8 });
    assert.deepEqual(merged.include, ['infra/**']);
    assert.deepEqual(merged.exclude, ['a/**'], 'the file has no exclude: the settings\' stays');
  });
});

describe('fix all', () => {
  const uri = 'inventory.json';
  const text = readFixture('lsp', 'inventory.json');
  const relint = (t: string) => lintDocuments([{ uri, text: t }]).findings;
  const check = (t: string) => ({ parses: true, findings: relint(t) });

  it('applies every fix of the file, in passes, as one minimal edit', () => {
    const findings = relint(text);
    const result = fixAll(uri, text, findings, check);
    assert.equal(result.fixed, 1, 'UpdateReplacePolicy; Multi-AZ is a suggestion');
    assert.deepEqual(relint(result.text).filter((f) => f.fix).map((f) => [f.ruleId, f.fix!.kind]), [['RDS201', 'suggestion']]);
    const edit = minimalEdit(text, result.text)!;
    assert.equal(applyEdits(text, [{ range: edit, newText: edit.newText }]), result.text);
    assert.ok(edit.start > text.indexOf('"Inventory"'), 'the untouched start of the file is not rewritten');
  });

  it('leaves fixes that edit another file to their quick fix', () => {
    const primary = readFixture('lsp', 'crossfile', 'primary.yaml');
    const replica = readFixture('lsp', 'crossfile', 'replica.yaml');
    const findings = lintDocuments([{ uri: 'p.yaml', text: primary }, { uri: 'r.yaml', text: replica }]).findings.filter((f) => f.file === 'r.yaml');
    assert.ok(findings.some((f) => f.ruleId === 'RDS103' && f.fix), 'RDS103 fixes the source');
    assert.equal(fixAll('r.yaml', replica, findings, () => { throw new Error('nothing to check'); }).text, replica);
  });

  it('edits apply in order; inserts at one offset keep their order', () => {
    assert.equal(applyEdits('abc', [{ range: { start: 1, end: 1 }, newText: 'X' }, { range: { start: 1, end: 1 }, newText: 'Y' }, { range: { start: 2, end: 3 }, newText: 'Z' }]), 'aXYbZ');
    assert.equal(minimalEdit('same', 'same'), undefined);
    assert.deepEqual(minimalEdit('abcdef', 'abXYef'), { start: 2, end: 4, newText: 'XY' });
  });

  it('kinds: source covers source.fixAll.rdscope', () => {
    assert.ok(kindRequested(undefined, 'quickfix'));
    assert.ok(kindRequested(['source'], 'source.fixAll.rdscope'));
    assert.ok(kindRequested(['source.fixAll'], 'source.fixAll.rdscope'));
    assert.ok(!kindRequested(['source.organizeImports'], 'source.fixAll.rdscope'));
    assert.ok(!kindRequested(['source'], 'quickfix'));
  });
});

describe('diagnostics and code actions (pure)', () => {
  const result = lintDocuments([{ uri: 'file:///w/orders.yaml', text: readFixture('lsp', 'orders.yaml') }]);
  const index = result.documents.get('file:///w/orders.yaml')!.lineIndex;
  const lookup = { lineIndexOf: (f: string) => (f === 'file:///w/orders.yaml' ? index : undefined), versionOf: () => 4 };

  it('a finding becomes a diagnostic whose data names it (its fix stays on the server); related locations in unknown files are left out', () => {
    const f = result.findings.find((x) => x.ruleId === 'RDS103')!;
    const d = toDiagnostic(f, lookup);
    assert.equal(d.code, 'RDS103');
    assert.ok(f.fix, 'the finding has a fix');
    assert.deepEqual(d.data, { ruleId: 'RDS103', resource: 'OrdersReplica' });
    const elsewhere: Finding = { ...f, related: [{ file: 'file:///gone.yaml', range: { start: 0, end: 1 }, message: 'x' }] };
    assert.equal(toDiagnostic(elsewhere, lookup).relatedInformation, undefined);
  });

  it('quick fixes are the current finding\'s the diagnostic is: its rule, resource and message, and of several its range', () => {
    const findings = result.findings;
    const rds201 = findings.find((x) => x.ruleId === 'RDS201')!;
    const d = toDiagnostic(rds201, lookup);
    const env = { ...lookup, uri: 'file:///w/orders.yaml', findings, documentChanges: true, suppression: () => undefined };
    const actions = quickFixActions([d], undefined, env);
    assert.deepEqual(actions.map((a) => a.title), ['Set MultiAZ: true']);
    // Made now, for the document's current version.
    assert.deepEqual(actions[0].edit?.documentChanges?.map((c) => ('textDocument' in c ? c.textDocument : undefined)), [{ uri: 'file:///w/orders.yaml', version: 4 }]);
    const tampered = { ...d, data: { ...(d.data as object), fix: { title: 'from data', edits: [], versions: {} } } };
    assert.deepEqual(quickFixActions([tampered], undefined, env).map((a) => a.title), ['Set MultiAZ: true'], 'anything else in data is not read');
    // Two findings of one rule on one resource: the diagnostic's range tells which; a range neither has, the first.
    const second: Finding = { ...rds201, range: { start: rds201.range.start + 1, end: rds201.range.end }, fix: { ...rds201.fix!, title: 'the second one' } };
    const twice = { ...env, findings: [...findings, second] };
    assert.deepEqual(quickFixActions([toDiagnostic(second, lookup)], undefined, twice).map((a) => a.title), ['the second one']);
    assert.deepEqual(quickFixActions([d], undefined, twice).map((a) => a.title), ['Set MultiAZ: true']);
    const elsewhere = { ...d, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    assert.deepEqual(quickFixActions([elsewhere], undefined, twice).map((a) => a.title), ['Set MultiAZ: true'], 'a moved diagnostic: the first');
    assert.deepEqual(quickFixActions([{ ...d, data: { ruleId: 'RDS201', resource: 'Nobody' } }], undefined, env), [], 'no such finding now');
    // Another finding of the rule on the resource, at the same range, saying something else, without a fix (RDS401
    // reports an RDS Custom instance once per missing requirement): its diagnostic gets no quick fix.
    const { fix: _fix, ...withoutFix } = { ...rds201, message: 'another requirement' };
    const mixed = { ...env, findings: [...findings, withoutFix] };
    assert.deepEqual(quickFixActions([toDiagnostic(withoutFix, lookup)], undefined, mixed).map((a) => a.title), [], 'not another finding\'s fix');
    assert.deepEqual(quickFixActions([d], undefined, mixed).map((a) => a.title), ['Set MultiAZ: true']);
    assert.deepEqual(quickFixActions([{ ...d, source: 'other' }], undefined, env), [], 'not ours');
    assert.deepEqual(quickFixActions([d], ['source'], env), [], 'quick fixes are not source actions');
  });
});

describe('hover (pure)', () => {
  it('finds the database on its id line, for Terraform JSON block labels too', () => {
    const text = readFixture('lsp', 'billing.tf.json');
    const result = lintDocuments([{ uri: 'billing.tf.json', text }]);
    const doc = result.documents.get('billing.tf.json')!;
    const at = text.indexOf('"billing"') + 2;
    assert.equal(entityAt(doc, at, result.topology)?.id, 'aws_db_instance.billing');
    assert.equal(entityAt(doc, text.indexOf('"engine"'), result.topology), undefined, 'not on a property');
    const hover = hoverAt(doc, at, result.topology)!;
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /\| Backups \| 7 days, point-in-time recovery on \|/);
    assert.match(md, /\| Data corruption or accidental deletion \| ~5 min \|/);
  });
});

describe('scheduler', () => {
  it('debounces edits into one pass and cancels a pass an edit overtook', async () => {
    const passes: { cancelledAtEnd: boolean }[] = [];
    let release: (() => void) | undefined;
    const scheduler = new LintScheduler(async (token) => {
      const pass = { cancelledAtEnd: false };
      passes.push(pass);
      if (passes.length === 2) await new Promise<void>((r) => { release = r; });
      pass.cancelledAtEnd = token.cancelled;
    }, 10);
    scheduler.edited();
    scheduler.edited();
    scheduler.edited();
    await scheduler.idle();
    assert.equal(passes.length, 1, 'three quick edits, one pass');
    scheduler.soon();
    // The second pass blocks until released; an edit arrives meanwhile.
    await new Promise<void>((resolve) => { const check = () => (release ? resolve() : setImmediate(check)); check(); });
    scheduler.edited();
    release!();
    await scheduler.idle();
    assert.deepEqual(passes.map((p) => p.cancelledAtEnd), [false, true, false], 'the overtaken pass saw its token cancelled; a new pass followed');
    assert.equal(scheduler.busy, false);
  });
});

describe('scan bounds', () => {
  it('skips node_modules and files.exclude, stops at the file limit, and can be cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rdscope-scan-'));
    try {
      for (const d of ['a', 'node_modules/x', 'gen', 'b/c']) mkdirSync(join(dir, d), { recursive: true });
      for (const f of ['a/1.yaml', 'a/2.json', 'a/3.txt', 'node_modules/x/t.yaml', 'gen/t.yaml', 'b/c/t.template', 'b/c/t.tf.json']) writeFileSync(join(dir, f), 'x');
      const all = await listCandidateFiles([{ path: dir, exclude: ['**/gen'] }], () => false);
      assert.deepEqual(all.files.map((f) => f.slice(dir.length + 1).replace(/\\/g, '/')).sort(), ['a/1.yaml', 'a/2.json', 'b/c/t.template', 'b/c/t.tf.json']);
      assert.equal(all.truncated, false);
      const bounded = await listCandidateFiles([{ path: dir, exclude: [] }], () => false, 2);
      assert.equal(bounded.files.length, 2);
      assert.equal(bounded.truncated, true);
      assert.equal((await listCandidateFiles([{ path: dir, exclude: [] }], () => true)).cancelled, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workspace model', () => {
  const scope: FileScope = { included: true, config: DEFAULT_CONFIG, configKey: 'k' };

  it('open documents override the disk; a disk file that is no template is not kept', () => {
    const model = new WorkspaceModel(() => scope);
    const uri = 'file:///w/primary.yaml';
    const disk = readFixture('lsp', 'crossfile', 'primary.yaml');
    assert.ok(model.setDiskDocument(uri, { text: disk }));
    assert.equal(model.setDiskDocument('file:///w/compose.yaml', { text: readFixture('lsp', 'not-a-template.yaml') }), undefined);
    assert.equal(model.size, 1);
    model.openDocument(uri, disk.replace('BackupRetentionPeriod: 0', 'BackupRetentionPeriod: 7'), 3);
    model.setDiskDocument(uri, { text: disk });
    assert.match(model.get(uri)!.text, /BackupRetentionPeriod: 7/, 'the editor text wins');
    model.analyzeAll();
    const lint = model.relint();
    assert.deepEqual(lint.findingsByUri.get(uri)!.map((f) => f.ruleId), ['RDS106']);
    // The same file under another spelling of its URI is the same document.
    assert.equal(model.get('file:///w/./primary.yaml')?.version, 3);
  });

  it('a closed document that is not on disk is forgotten: no entry, no findings, no entities kept by the next lint', () => {
    const model = new WorkspaceModel(() => scope);
    const closed = 'untitled:Untitled-1';
    const kept = 'file:///w/b.yaml';
    model.openDocument(closed, readFixture('lsp', 'orders.yaml'), 1);
    model.openDocument(kept, readFixture('lsp', 'crossfile', 'primary.yaml'), 1);
    model.analyzeAll();
    assert.ok(model.relint().topology.instances.some((i) => i.file === closed));
    model.closeDocument(closed);
    const lint = model.relint();
    assert.equal(model.get(closed), undefined);
    assert.equal(lint.findingsByUri.has(closed), false);
    assert.deepEqual(lint.topology.instances.filter((i) => i.file === closed), []);
    assert.equal(model.size, 1);
  });

  it('an excluded file is not analyzed; a file that throws does not take the others down', () => {
    const model = new WorkspaceModel((uri) => ({ ...scope, included: !uri.includes('legacy') }));
    model.openDocument('file:///w/legacy/a.yaml', readFixture('lsp', 'orders.yaml'), 1);
    model.openDocument('file:///w/b.yaml', readFixture('lsp', 'orders.yaml'), 1);
    model.analyzeAll();
    const lint = model.relint();
    assert.deepEqual(lint.findingsByUri.get('file:///w/legacy/a.yaml'), []);
    assert.equal(lint.findingsByUri.get('file:///w/b.yaml')!.length, 5);
    assert.equal(lint.templates, 1);
  });
});
