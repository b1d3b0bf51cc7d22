/**
 * fix/suppress.ts: "suppress RDSnnn for this resource" as a minimal edit. A
 * template, the edit applied, the finding gone (counted as suppressed), and
 * everything else in the file untouched.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { suppressionFix } from '../../server/src/fix/suppress';
import { analyzeDocument, lintDocuments, type LintResult } from '../../server/src/lint';
import type { Entity } from '../../server/src/model/topology';
import { initHcl } from '../../server/src/parse/hcl';

function entityOf(result: LintResult, file: string, id: string): Entity {
  const model = result.documents.get(file)!.model!;
  const e = [...model.instances, ...model.clusters, ...model.proxies].find((x) => x.id === id);
  assert.ok(e, `${id} in ${file}`);
  return e;
}

/** Applies the suppression of `ruleId` on `id`; returns the new text after checking the finding is now suppressed. */
function suppress(file: string, text: string, ruleId: string, id: string): string {
  const before = lintDocuments([{ uri: file, text }]);
  assert.ok(before.findings.some((f) => f.ruleId === ruleId && f.resource === id), `${ruleId} on ${id} before`);
  const doc = before.documents.get(file)!;
  const fix = suppressionFix(entityOf(before, file, id), ruleId, { text: doc.text, format: doc.format });
  assert.ok(fix, 'a suppression edit');
  assert.equal(fix.title, `Suppress ${ruleId} for ${id}`);
  assert.equal(fix.edits.length, 1);
  const e = fix.edits[0];
  const after = text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
  assert.equal(analyzeDocument({ uri: file, text: after }).problem, undefined, `still parses:\n${after}`);
  const result = lintDocuments([{ uri: file, text: after }]);
  assert.deepEqual(result.findings.filter((f) => f.ruleId === ruleId && f.resource === id).map((f) => f.message), [], `${ruleId} gone:\n${after}`);
  assert.ok(result.suppressed.some((f) => f.ruleId === ruleId && f.resource === id), 'counted as suppressed');
  return after;
}

const CFN = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:   # the orders database
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      BackupRetentionPeriod: 7
  Other:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
`;

describe('suppression edits: CloudFormation YAML', () => {
  it('adds Metadata to a resource without one, at the resource indentation', () => {
    const after = suppress('t.yaml', CFN, 'RDS201', 'Db');
    assert.equal(after, CFN.replace('      BackupRetentionPeriod: 7\n', '      BackupRetentionPeriod: 7\n    Metadata:\n      rdscope:\n        ignore: [RDS201]\n'));
  });

  it('adds rdscope to an existing Metadata, and ignore to an existing rdscope', () => {
    const withMetadata = CFN.replace('    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres', '    Type: AWS::RDS::DBInstance\n    Metadata:\n      owner: team-a\n    Properties:\n      Engine: postgres');
    assert.match(suppress('t.yaml', withMetadata, 'RDS201', 'Db'), /Metadata:\n {6}owner: team-a\n {6}rdscope:\n {8}ignore: \[RDS201\]\n {4}Properties:/);
    const withRdscope = withMetadata.replace('      owner: team-a\n', '      rdscope:\n        note: x\n');
    assert.match(suppress('t.yaml', withRdscope, 'RDS201', 'Db'), /rdscope:\n {8}note: x\n {8}ignore: \[RDS201\]\n/);
  });

  it('appends to a block list, a flow list and a single id, keeping comments', () => {
    const block = CFN.replace('    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres', '    Type: AWS::RDS::DBInstance\n    Metadata:\n      rdscope:\n        ignore:\n          - RDS105 # not yet\n    Properties:\n      Engine: postgres');
    const afterBlock = suppress('t.yaml', block, 'RDS201', 'Db');
    assert.match(afterBlock, /ignore:\n {10}- RDS105 # not yet\n {10}- RDS201\n {4}Properties:/);
    assert.match(afterBlock, /# the orders database/);
    const flow = block.replace('ignore:\n          - RDS105 # not yet', 'ignore: [RDS105]');
    assert.match(suppress('t.yaml', flow, 'RDS201', 'Db'), /ignore: \[RDS105, RDS201\]/);
    const single = block.replace('ignore:\n          - RDS105 # not yet', 'ignore: RDS105');
    assert.match(suppress('t.yaml', single, 'RDS201', 'Db'), /ignore: \[RDS105, RDS201\]/);
  });

  it('writes into a flow-style resource on one line', () => {
    const flow = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db: {Type: AWS::RDS::DBInstance, Properties: {Engine: postgres}}\n';
    assert.equal(suppress('t.yaml', flow, 'RDS201', 'Db'),
      'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db: {Type: AWS::RDS::DBInstance, Properties: {Engine: postgres}, Metadata: { rdscope: { ignore: [RDS201] } }}\n');
  });

  it('keeps CRLF line ends', () => {
    const crlf = CFN.replace(/\n/g, '\r\n');
    const after = suppress('t.yaml', crlf, 'RDS201', 'Db');
    assert.ok(!/[^\r]\n/.test(after), 'every line ends with CRLF');
  });
});

describe('suppression edits: CloudFormation JSON', () => {
  const json = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Db": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "Engine": "postgres",
        "BackupRetentionPeriod": 7
      }
    }
  }
}
`;
  it('adds a Metadata object with the file\'s indentation', () => {
    const after = suppress('t.json', json, 'RDS201', 'Db');
    JSON.parse(after);
    assert.match(after, /\n {6}\},\n {6}"Metadata": \{\n {8}"rdscope": \{\n {10}"ignore": \["RDS201"\]\n {8}\}\n {6}\}\n {4}\}/);
  });

  it('appends to an existing JSON list', () => {
    const withList = json.replace('"Type": "AWS::RDS::DBInstance",', '"Type": "AWS::RDS::DBInstance",\n      "Metadata": { "rdscope": { "ignore": ["RDS105"] } },');
    const after = suppress('t.json', withList, 'RDS201', 'Db');
    assert.deepEqual(JSON.parse(after).Resources.Db.Metadata.rdscope.ignore, ['RDS105', 'RDS201']);
  });
});

describe('suppression edits: Terraform JSON', () => {
  const tf = `{
  "resource": {
    "aws_db_instance": {
      "orders": {
        "engine": "postgres",
        "backup_retention_period": 7
      }
    }
  }
}
`;
  it('adds a "//" comment with the directive', () => {
    const after = suppress('main.tf.json', tf, 'RDS201', 'aws_db_instance.orders');
    assert.equal(JSON.parse(after).resource.aws_db_instance.orders['//'], 'rdscope:ignore RDS201');
    assert.match(after, /"backup_retention_period": 7,\n {8}"\/\/": "rdscope:ignore RDS201"\n/);
  });

  it('extends an existing directive, or appends one to an existing comment', () => {
    const directive = tf.replace('"engine": "postgres",', '"//": "rdscope:ignore RDS105 (kept on purpose)",\n        "engine": "postgres",');
    const body = (t: string) => JSON.parse(t).resource.aws_db_instance.orders;
    assert.equal(body(suppress('main.tf.json', directive, 'RDS201', 'aws_db_instance.orders'))['//'], 'rdscope:ignore RDS105 RDS201 (kept on purpose)');
    const prose = tf.replace('"engine": "postgres",', '"//": "Owned by the orders team",\n        "engine": "postgres",');
    assert.equal(body(suppress('main.tf.json', prose, 'RDS201', 'aws_db_instance.orders'))['//'], 'Owned by the orders team; rdscope:ignore RDS201');
    const list = tf.replace('"engine": "postgres",', '"//": ["Owned by the orders team"],\n        "engine": "postgres",');
    assert.deepEqual(body(suppress('main.tf.json', list, 'RDS201', 'aws_db_instance.orders'))['//'], ['Owned by the orders team', 'rdscope:ignore RDS201']);
  });

  it('offers nothing for a plan (Terraform output, not a source to edit)', () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_db_instance.a', mode: 'managed', type: 'aws_db_instance', name: 'a', values: { engine: 'postgres', backup_retention_period: 7, multi_az: false } }] } },
    }, null, 2);
    const result = lintDocuments([{ uri: 'plan.json', text: plan }]);
    const doc = result.documents.get('plan.json')!;
    const model = doc.model!;
    assert.ok(model.instances.length === 1);
    assert.equal(suppressionFix(model.instances[0], 'RDS201', { text: doc.text, format: doc.format }), undefined);
  });
});

describe('suppression edits: Terraform HCL', () => {
  const hcl = `# The ledger database
resource "aws_db_instance" "ledger" {
  engine                  = "postgres"
  backup_retention_period = 7
}
`;
  before(async () => { assert.ok(await initHcl(), 'the HCL parser loads'); });

  it('adds a directive comment above the block, after its other comments', () => {
    const after = suppress('main.tf', hcl, 'RDS201', 'aws_db_instance.ledger');
    assert.equal(after, hcl.replace('resource "aws_db_instance"', '# rdscope:ignore RDS201\nresource "aws_db_instance"'));
  });

  it('extends an existing directive comment, keeping its style', () => {
    const withDirective = hcl.replace('# The ledger database\n', '/* rdscope:ignore RDS105 */\n');
    assert.match(suppress('main.tf', withDirective, 'RDS201', 'aws_db_instance.ledger'), /^\/\* rdscope:ignore RDS105 RDS201 \*\/\nresource/);
    const inside = hcl.replace('"postgres"', '"postgres" # rdscope:ignore RDS106');
    assert.match(suppress('main.tf', inside, 'RDS201', 'aws_db_instance.ledger'), /"postgres" # rdscope:ignore RDS106 RDS201\n/);
  });
});
