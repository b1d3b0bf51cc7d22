/**
 * Every report format from the real CLI on the fixture project
 * (test/fixtures/cli/project): CloudFormation YAML + JSON with a replica in
 * one file and its source in another, Terraform JSON, plan JSON, a broken
 * template, a non-template, a .gitignore'd and an excluded template.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configurableRules } from '../../server/src/config/load';
import { formatReport, formatReportChunks, FORMATS, type FormatName } from '../../server/src/format/index';
import { toJsonReport } from '../../server/src/format/json';
import { toSarif } from '../../server/src/format/sarif';
import { lintDocuments } from '../../server/src/lint';
import { REPO_ROOT } from '../helpers';
import { CLI_FIXTURES, copyFixture, findingLines, findingsErrors, rdscope, sarifErrors, tempDir } from './cliHarness';

describe('--format text (default)', () => {
  const r = rdscope(['lint', 'project']);

  it('prints one line per finding: path:line:col  severity  RDSnnn  message  (resource)', () => {
    const lines = findingLines(r.stdout);
    assert.ok(lines.length >= 5, r.stdout);
    for (const line of lines) assert.match(line, /^project\/\S+:\d+:\d+ {2}(error|warning|info) *RDS\d{3} {2}\S.*$/);
    assert.ok(lines.includes(lines.find((l) => l.startsWith('project/cfn/orders.yaml:12:3  warning  RDS201  OrdersDb is Single-AZ'))!));
    assert.match(r.stdout, /project\/cfn\/orders\.yaml:12:3 {2}warning {2}RDS201 {2}.*\(OrdersDb\)$/m);
  });

  it('groups lines by file, in path order, with a blank line between files', () => {
    const blocks = r.stdout.trim().split('\n\n').slice(0, -1);
    const filesPerBlock = blocks.map((b) => new Set(b.split('\n').map((l) => l.split(':')[0])));
    for (const files of filesPerBlock) assert.equal(files.size, 1, `one file per block: ${[...files]}`);
    const order = filesPerBlock.map((s) => [...s][0]);
    assert.deepEqual(order, [...order].sort());
  });

  it('ends with a summary line counting each severity', () => {
    const last = r.stdout.trim().split('\n').at(-1)!;
    assert.match(last, /^\d+ problems \(\d+ errors?, \d+ warnings?, \d+ info\) in \d+ files? \(\d+ templates linted\)/);
  });

  it('reports the cross-file replica (source in another file) and the broken template as RDS000', () => {
    assert.match(r.stdout, /project\/cfn\/reporting\.json:\d+:\d+ {2}error {2}RDS306 .*OrdersDb/);
    assert.match(r.stdout, /project\/broken\/broken\.yaml:\d+:\d+ {2}error {2}RDS000 /);
  });

  it('skips the non-template, the .gitignore\'d folder and the excluded folder silently', () => {
    assert.doesNotMatch(r.stdout, /notes\/other\.yaml|generated\/|legacy\//);
    assert.equal(r.stderr, '');
  });

  it('has no colour when stdout is not a terminal; --color forces it; NO_COLOR wins over FORCE_COLOR', () => {
    assert.doesNotMatch(r.stdout, /\u001b\[/);
    assert.match(rdscope(['lint', 'project', '--color']).stdout, /\u001b\[31merror/);
    assert.match(rdscope(['lint', 'project'], { env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(rdscope(['lint', 'project'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\u001b\[/);
  });

  it('says "No problems" for a clean tree', () => {
    const clean = rdscope(['lint', 'project/notes']);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, 'No problems in 0 templates\n');
    const suppressed = rdscope(['lint', 'suppressed']);
    assert.equal(suppressed.stdout, 'No problems in 1 template; 1 suppressed (shown with --show-suppressed)\n');
  });
});

describe('--format json', () => {
  const r = rdscope(['lint', 'project', '--format', 'json']);
  const report = JSON.parse(r.stdout);

  it('validates against schemas/findings.schema.json', () => {
    assert.equal(findingsErrors(report), '');
  });

  it('carries file, rule, severity, message, resource, range and fixes', () => {
    const f = report.findings.find((x: { ruleId: string; file: string }) => x.ruleId === 'RDS201' && x.file === 'project/cfn/orders.yaml');
    assert.ok(f, JSON.stringify(report.findings.map((x: { ruleId: string }) => x.ruleId)));
    assert.equal(f.ruleName, 'no-multi-az');
    assert.equal(f.severity, 'warning');
    assert.equal(f.resource, 'OrdersDb');
    assert.equal(f.resourceType, 'AWS::RDS::DBInstance');
    assert.deepEqual(f.range.start, { line: 12, column: 3, offset: f.range.start.offset });
    const text = readFileSync(join(CLI_FIXTURES, 'project', 'cfn', 'orders.yaml'), 'utf8');
    assert.equal(text.slice(f.range.start.offset, f.range.end.offset), 'OrdersDb');
    assert.equal(f.fixes.length, 1);
    assert.equal(f.fixes[0].edits[0].file, 'project/cfn/orders.yaml');
    assert.match(f.fixes[0].edits[0].newText, /MultiAZ: true/);
    assert.equal(f.message, 'OrdersDb is Single-AZ (by default): a host or AZ failure takes it down');
    assert.match(f.detail, /^OrdersDb is a Single-AZ DB instance .*Set MultiAZ: true/, 'the explanation and the remedy');
    // The rule page's address comes from package.json `repository` (server/src/projectLinks.ts).
    const repository = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url;
    assert.equal(f.helpUri, `${repository}/blob/main/docs/rules/RDS201.md`);
  });

  it('summarises counts that match the findings', () => {
    const count = (s: string) => report.findings.filter((f: { severity: string }) => f.severity === s).length;
    assert.equal(report.summary.findings, report.findings.length);
    assert.equal(report.summary.error, count('error'));
    assert.equal(report.summary.warning, count('warning'));
    assert.equal(report.summary.info, count('info'));
    assert.equal(report.summary.filesLinted, 6);
  });
});

describe('--format sarif', () => {
  const r = rdscope(['lint', 'project', '--format', 'sarif']);
  const log = JSON.parse(r.stdout);
  const run = log.runs[0];

  it('validates against the official SARIF 2.1.0 schema', () => {
    assert.equal(sarifErrors(log), '');
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  });

  it('describes the tool and every reported rule with helpUri and descriptions', () => {
    const driver = run.tool.driver;
    assert.equal(driver.name, 'rdscope');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);
    const ids = new Set(driver.rules.map((rule: { id: string }) => rule.id));
    for (const result of run.results) {
      assert.ok(ids.has(result.ruleId), `${result.ruleId} described`);
      const rule = driver.rules[result.ruleIndex];
      assert.equal(rule.id, result.ruleId);
      assert.match(rule.helpUri, new RegExp(`/docs/rules/${result.ruleId}\\.md$`));
      assert.ok(rule.shortDescription.text.length > 0 && rule.fullDescription.text.length > 0);
    }
  });

  it('maps severities to levels and locates results physically (relative uri, 1-based region) and logically', () => {
    const byRule = (id: string) => run.results.find((x: { ruleId: string }) => x.ruleId === id);
    assert.equal(byRule('RDS306').level, 'error');
    const multiAz = run.results.find((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.ruleId === 'RDS201' && x.locations[0].physicalLocation.artifactLocation.uri === 'project/cfn/orders.yaml');
    assert.equal(multiAz.level, 'warning');
    const location = multiAz.locations[0];
    assert.equal(location.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepEqual(location.physicalLocation.region, { startLine: 12, startColumn: 3, endLine: 12, endColumn: 11 });
    assert.equal(location.logicalLocations[0].fullyQualifiedName, 'OrdersDb');
    const tf = run.results.find((x: { locations: { logicalLocations?: { fullyQualifiedName: string }[] }[] }) =>
      x.locations[0].logicalLocations?.[0].fullyQualifiedName === 'aws_db_instance.inventory');
    assert.ok(tf, 'a Terraform address as the logical location');
    for (const result of run.results) assert.ok(['error', 'warning', 'note'].includes(result.level));
  });

  it('keeps partialFingerprints when unrelated lines move, and changes them when the offending text changes', () => {
    const dir = copyFixture('project');
    const fingerprints = () => {
      const out = JSON.parse(rdscope(['lint', '.', '--format', 'sarif'], { cwd: dir }).stdout).runs[0].results;
      return new Map(out.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }) =>
        [`${x.ruleId} ${x.locations[0].physicalLocation.artifactLocation.uri}`, { fp: x.partialFingerprints['rdscope/v1'], line: x.locations[0].physicalLocation.region.startLine }]));
    };
    const before = fingerprints();
    const file = join(dir, 'cfn', 'orders.yaml');
    writeFileSync(file, `# a new comment line\n# and another\n${readFileSync(file, 'utf8')}`);
    const after = fingerprints();
    const key = 'RDS201 cfn/orders.yaml';
    assert.equal((after.get(key) as { line: number }).line, (before.get(key) as { line: number }).line + 2, 'the finding moved down');
    assert.equal((after.get(key) as { fp: string }).fp, (before.get(key) as { fp: string }).fp, 'same fingerprint');
    writeFileSync(file, readFileSync(file, 'utf8').replace('OrdersDb:', 'OrdersPrimary:'));
    const renamed = fingerprints();
    assert.notEqual((renamed.get(key) as { fp: string }).fp, (before.get(key) as { fp: string }).fp);
  });

  it('marks suppressed results with --show-suppressed and still validates', () => {
    const s = JSON.parse(rdscope(['lint', 'suppressed', '--format', 'sarif', '--show-suppressed']).stdout);
    assert.equal(sarifErrors(s), '');
    const result = s.runs[0].results[0];
    assert.equal(result.ruleId, 'RDS201');
    assert.equal(result.suppressions[0].kind, 'inSource');
    assert.equal(JSON.parse(rdscope(['lint', 'suppressed', '--format', 'sarif']).stdout).runs[0].results.length, 0);
  });

  it('is valid for the many-file fixture and for an empty run too', () => {
    assert.equal(sarifErrors(JSON.parse(rdscope(['lint', 'many', '-f', 'sarif']).stdout)), '');
    const empty = tempDir();
    const e = rdscope(['lint', '.', '-f', 'sarif'], { cwd: empty });
    assert.equal(e.status, 0);
    assert.equal(sarifErrors(JSON.parse(e.stdout)), '');
  });
});

describe('--format github', () => {
  const r = rdscope(['lint', 'project', '--format', 'github']);
  const lines = r.stdout.trim().split('\n');

  it('prints workflow-command annotations with file, line, col and a title', () => {
    const annotations = lines.filter((l) => l.startsWith('::'));
    assert.ok(annotations.length >= 5);
    for (const a of annotations) assert.match(a, /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=RDS\d{3} [a-z-]+::\S/);
    assert.ok(annotations.some((a) => a.startsWith('::warning file=project/cfn/orders.yaml,line=12,col=3,')));
  });

  it('escapes what the runner would misread', () => {
    for (const a of lines.filter((l) => l.startsWith('::'))) {
      const message = a.slice(a.indexOf('::', 2) + 2);
      assert.doesNotMatch(message, /[\r\n]/);
    }
  });

  it('ends with a plain summary line', () => {
    assert.match(lines.at(-1)!, /^rdscope: \d+ problems/);
  });
});

describe('--output FILE', () => {
  it('writes the report to the file (creating folders) and nothing to stdout', () => {
    const dir = tempDir();
    const out = join(dir, 'reports', 'rdscope.sarif');
    const r = rdscope(['lint', 'project', '-f', 'sarif', '--output', out]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(sarifErrors(JSON.parse(readFileSync(out, 'utf8'))), '');
  });

  it('exits 2 when the report cannot be written', () => {
    const dir = tempDir();
    const r = rdscope(['lint', 'project', '--output', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot write/);
  });
});

describe('formats are pure functions of a LintResult', () => {
  it('format the engine\'s own result (lint.ts, no CLI) deterministically and validly', () => {
    const docs = ['project/cfn/orders.yaml', 'project/cfn/reporting.json', 'suppressed/stack.yaml'].map((uri) => ({ uri, text: readFileSync(join(CLI_FIXTURES, uri), 'utf8') }));
    const result = lintDocuments(docs);
    const options = { toolVersion: '0.0.0-test', rules: configurableRules(), showSuppressed: true };
    for (const name of Object.keys(FORMATS) as FormatName[]) {
      assert.equal(formatReport(name, result, options), formatReport(name, result, options), name);
    }
    // JSON and SARIF are made in pieces (format/jsonPieces.ts): together, the text of the report object.
    const empty = lintDocuments([]);
    for (const [input, showSuppressed] of [[result, true], [result, false], [empty, false]] as const) {
      const o = { ...options, showSuppressed };
      for (const [name, whole] of [['json', toJsonReport(input, o)], ['sarif', toSarif(input, o)]] as const) {
        assert.equal(formatReport(name, input, o), `${JSON.stringify(whole, null, 2)}\n`, `${name}, ${input.findings.length} findings`);
        assert.equal([...formatReportChunks(name, input, o)].join(''), formatReport(name, input, o));
      }
    }
    assert.equal(sarifErrors(JSON.parse(formatReport('sarif', result, options))), '');
    assert.equal(findingsErrors(JSON.parse(formatReport('json', result, options))), '');
    assert.match(formatReport('text', result, options), /^project\/cfn\/reporting\.json:10:9 {2}error {2}RDS306 /m);
    assert.match(formatReport('text', result, options), /^suppressed\/stack\.yaml:4:3 {2}warning {2}RDS201 .*\[suppressed\]$/m);
  });
});
