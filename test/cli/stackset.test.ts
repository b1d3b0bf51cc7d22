/**
 * A StackSet's literal TemplateBody is linted as a template of its own, its
 * findings pointing into the string in the outer file: the real CLI on
 * fixtures that write the body as a YAML block literal, JSON in a block
 * literal, a folded block, YAML double- and single-quoted strings with
 * escapes, a JSON string with escapes, a block with an indentation indicator (not mapped exactly), and
 * bodies that cannot be read (RDS001).
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES } from '../helpers';
import { rdscope, tempDir } from './cliHarness';

const STACKSETS = join(FIXTURES, 'cloudformation', 'stacksets');

interface Position { line: number; column: number; offset: number }
interface JsonFinding {
  ruleId: string; resource?: string; message: string; detail?: string;
  range: { start: Position; end: Position }; fixes?: { title: string; edits: { newText: string }[] }[];
}

function lint(file: string, extra: readonly string[] = []): { text: string; findings: JsonFinding[] } {
  const r = rdscope(['lint', file, '-f', 'json', '--fail-level', 'none', ...extra], { cwd: STACKSETS });
  assert.equal(r.status, 0, r.stderr);
  return { text: readFileSync(join(STACKSETS, file), 'utf8'), findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
}

const at = (text: string, f: JsonFinding) => text.slice(f.range.start.offset, f.range.end.offset);
const find = (findings: readonly JsonFinding[], ruleId: string, resource: string) => {
  const f = findings.find((x) => x.ruleId === ruleId && x.resource === resource);
  assert.ok(f, `${ruleId} ${resource} in ${findings.map((x) => `${x.ruleId} ${x.resource}`).join(', ')}`);
  return f;
};

describe('a StackSet with a literal TemplateBody', () => {
  it('lints the template in the block literal, with ranges on its lines in the outer file', () => {
    const { text, findings } = lint('literal.yaml');
    const retention = find(findings, 'RDS102', 'Everywhere/Db');
    assert.equal(at(text, retention), 'BackupRetentionPeriod: 50');
    assert.deepEqual([retention.range.start.line, retention.range.start.column], [44, 15]);
    assert.equal(at(text, find(findings, 'RDS201', 'Everywhere/Reporting')), 'Reporting');
    assert.ok(!findings.some((f) => f.ruleId === 'RDS001'), 'nothing left unread');
  });

  it('the StackSet\'s Parameters are the template\'s inputs; one that StackInstancesGroup overrides is unknown', () => {
    const { text, findings } = lint('literal.yaml');
    const fromParameter = find(findings, 'RDS102', 'Everywhere/Reporting');
    assert.equal(at(text, fromParameter), 'BackupRetentionPeriod: !Ref Retention', 'in the template, as for a nested stack');
    assert.match(fromParameter.message, /\(set by its caller\)/, 'a literal the StackSet passes, as a parent stack passes one');
    assert.match(fromParameter.detail!, /Deployed with Retention=40 from /);
    // Class is overridden for some stack instances: DBInstanceClass stays unknown, whatever its Default.
    const r = rdscope(['model', 'literal.yaml'], { cwd: STACKSETS });
    const db = (JSON.parse(r.stdout) as { instances: { id: string; instanceClass?: { unknown?: string } }[] }).instances.find((i) => i.id === 'Everywhere/Db')!;
    assert.match(db.instanceClass?.unknown ?? '', /overridden for some stack instances of Everywhere/);
  });

  it('maps JSON in a block literal, a folded block and escaped strings exactly; an indentation indicator maps to the whole body', () => {
    const { text, findings } = lint('json-forms.yaml');
    assert.equal(at(text, find(findings, 'RDS102', 'Literal/Db')), '"BackupRetentionPeriod": 36');
    assert.equal(at(text, find(findings, 'RDS102', 'Folded/Db')), '"BackupRetentionPeriod": 37');
    assert.equal(at(text, find(findings, 'RDS102', 'Quoted/Db')), '\\"BackupRetentionPeriod\\": 38');
    assert.equal(at(text, find(findings, 'RDS102', 'Single/Db')), '"BackupRetentionPeriod": 41', "a single-quoted string, after an escaped ''");
    const indented = find(findings, 'RDS102', 'Indented/Db');
    assert.match(at(text, indented), /^\|2\n[\s\S]*BackupRetentionPeriod: 39\n$/, 'not mapped exactly: the whole TemplateBody value');
    const json = lint('escaped.json');
    assert.equal(at(json.text, find(json.findings, 'RDS102', 'Everywhere/Db')), 'BackupRetentionPeriod: 40');
  });

  it('fixes only by replacing a value in a block literal; --fix gives the golden files and the rest is untouched', () => {
    const dir = join(tempDir(), 'stacksets');
    cpSync(STACKSETS, dir, { recursive: true });
    const before = (name: string) => readFileSync(join(STACKSETS, name), 'utf8');
    const { findings } = lint('json-forms.yaml');
    assert.deepEqual(findings.filter((f) => f.fixes?.length).map((f) => `${f.ruleId} ${f.resource} ${f.fixes![0].edits[0].newText}`), ['RDS102 Literal/Db 35']);
    assert.deepEqual(find(lint('literal.yaml').findings, 'RDS106', 'Everywhere/Reporting').fixes ?? [], [], 'an insert into the string: no fix');

    const r = rdscope(['lint', '.', '--fix', '--fix-suggestions'], { cwd: dir });
    assert.match(r.stderr, /fixed 2 problem\(s\) in 2 file\(s\)/);
    assert.equal(readFileSync(join(dir, 'literal.yaml'), 'utf8'), before('literal.yaml.fixed'));
    assert.equal(readFileSync(join(dir, 'json-forms.yaml'), 'utf8'), before('json-forms.yaml.fixed'));
    for (const name of ['escaped.json', 'unread.yaml']) assert.equal(readFileSync(join(dir, name), 'utf8'), before(name));
    const again = rdscope(['lint', '.', '-f', 'json', '--fail-level', 'none'], { cwd: dir });
    const remaining = (JSON.parse(again.stdout) as { findings: JsonFinding[] }).findings;
    assert.ok(!remaining.some((f) => f.ruleId === 'RDS000'));
    assert.ok(!remaining.some((f) => f.resource === 'Everywhere/Db' && f.ruleId === 'RDS102' && f.message.includes('50')), 'the embedded template reads 35 now');
  });

  it('CRLF line endings: the same ranges and the same fix, the line endings kept', () => {
    const dir = tempDir();
    const crlf = readFileSync(join(STACKSETS, 'literal.yaml'), 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(join(dir, 'literal.yaml'), crlf);
    const r = rdscope(['lint', 'literal.yaml', '-f', 'json', '--fail-level', 'none'], { cwd: dir });
    const retention = find((JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings, 'RDS102', 'Everywhere/Db');
    assert.equal(at(crlf, retention), 'BackupRetentionPeriod: 50');
    rdscope(['lint', 'literal.yaml', '--fix'], { cwd: dir });
    assert.equal(readFileSync(join(dir, 'literal.yaml'), 'utf8'), crlf.replace('BackupRetentionPeriod: 50', 'BackupRetentionPeriod: 35'));
  });

  it('a TemplateURL, a body built with Fn::Sub or one that does not parse keeps RDS001 with the reason', () => {
    const { text, findings } = lint('unread.yaml');
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${at(text, f)}`), ['RDS001 FromUrl', 'RDS001 Built', 'RDS001 Broken']);
    assert.match(findings[0].message, /deploys its template from its TemplateURL/);
    assert.match(findings[1].message, /TemplateBody is built with Fn::Sub/);
    assert.match(findings[2].message, /TemplateBody cannot be parsed \(.+\)/);
  });
});
