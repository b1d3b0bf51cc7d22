/**
 * Quick fixes written as HCL: `key = value` inside the right block, aligned
 * with its neighbours' `=` as terraform fmt leaves them, values replaced
 * keeping their quotes, attributes removed with their line; comments and
 * line endings kept, and the file parses afterwards. Every fixable rule is
 * exercised on test/fixtures/hcl/fixes/ (and on every rule fixture in
 * json-twins.test.ts).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { hclSuppressionEdit, scalarText } from '../../server/src/fix/edits';
import { lintDocuments, type Finding, type LintResult } from '../../server/src/lint';
import { initHcl } from '../../server/src/parse/hcl';
import { fixture, readFixture } from '../helpers';
import { applyEdits, lintFiles } from '../rules/harness';
import { assertFindingFixed } from './hclHarness';

const FIXABLE = ['RDS101', 'RDS102', 'RDS103', 'RDS104', 'RDS105', 'RDS201', 'RDS202', 'RDS304', 'RDS306', 'RDS401', 'RDS503'];

const find = (r: LintResult, rule: string, resource: string): Finding => {
  const f = r.findings.find((x) => x.ruleId === rule && x.resource === resource);
  assert.ok(f, `${rule} on ${resource}`);
  return f;
};

/** Lints one HCL text and applies the fix of one finding; returns the fixed text. */
function fixText(text: string, rule: string, resource: string, uri = '/m/main.tf'): string {
  const result = lintDocuments([{ uri, text }]);
  return assertFindingFixed(result, find(result, rule, resource)).get(uri)!;
}

const commentsOf = (text: string) => text.split(/\r?\n/).map((l) => /(#|\/\/|\/\*).*$/.exec(l)?.[0]).filter(Boolean);

describe('HCL fixes: every fixable rule', () => {
  let result: LintResult;
  before(async () => {
    assert.ok(await initHcl());
    result = lintFiles([fixture('hcl', 'fixes', 'main.tf'), fixture('hcl', 'fixes', 'replicas.tf')]);
  });

  it('the fixture has a fixable finding of every fixable rule', () => {
    const fixed = new Set(result.findings.filter((f) => f.fix).map((f) => f.ruleId));
    assert.deepEqual([...fixed].sort(), FIXABLE);
  });

  for (const rule of FIXABLE) {
    it(`${rule}: the fix writes valid HCL, keeps every comment, and the finding is gone`, () => {
      for (const f of result.findings.filter((x) => x.ruleId === rule && x.fix)) {
        const texts = assertFindingFixed(result, f);
        for (const [uri, text] of texts) {
          const before = result.documents.get(uri)!.text;
          const removedLine = f.fix!.edits.some((e) => e.file === uri && e.newText === '');
          if (!removedLine) assert.deepEqual(commentsOf(text), commentsOf(before), `comments of ${uri} after ${f.fix!.title}`);
        }
      }
    });
  }

  it('RDS103 on a replica in replicas.tf fixes its source in main.tf', () => {
    const f = find(result, 'RDS103', 'aws_db_instance.ledger_read');
    assert.deepEqual(f.fix!.edits.map((e) => [e.file, e.newText]), [[fixture('hcl', 'fixes', 'main.tf'), '7']]);
  });

  it('exact texts: replace keeping quotes and comments, clamp, remove with the line, two edits for RDS105', () => {
    const main = readFixture('hcl', 'fixes', 'main.tf');
    const file = fixture('hcl', 'fixes', 'main.tf');
    const fixed = (rule: string, resource: string) => assertFindingFixed(result, find(result, rule, resource)).get(file)!;
    assert.equal(fixed('RDS201', 'aws_db_instance.audit'), main.replace('multi_az                = "false" # RDS201', 'multi_az                = "true" # RDS201'));
    assert.equal(fixed('RDS102', 'aws_db_instance.audit'), main.replace('backup_retention_period = 40      # RDS102', 'backup_retention_period = 35      # RDS102'));
    assert.equal(fixed('RDS202', 'aws_db_instance.pinned'), main.replace('  availability_zone = "eu-west-1a" # RDS202: removed with its line\n', ''));
    assert.equal(fixed('RDS105', 'aws_db_instance.throwaway'), main.replace(
      '  skip_final_snapshot = true # RDS105\n',
      // The new key is longer than the aligned column allows: one space, not a realignment of the others.
      '  skip_final_snapshot = false # RDS105\n  final_snapshot_identifier = "throwaway-final"\n',
    ));
    assert.equal(fixed('RDS503', 'aws_db_proxy.ledger'), main.replace(
      '  vpc_subnet_ids = ["subnet-1", "subnet-2"]\n',
      '  vpc_subnet_ids = ["subnet-1", "subnet-2"]\n  require_tls    = true\n',
    ));
  });
});

describe('HCL fixes: inserting an attribute', () => {
  before(async () => assert.ok(await initHcl()));

  it('after the last attribute, before nested blocks, with `=` aligned to terraform fmt\'s column', () => {
    const text = readFixture('hcl', 'module', 'main.tf');
    const result = lintDocuments([{ uri: '/m/main.tf', text }]);
    const fixed = assertFindingFixed(result, find(result, 'RDS201', 'aws_db_instance.reporting')).get('/m/main.tf');
    assert.equal(fixed, text.replace(
      '  allocated_storage = 20\n\n  lifecycle {',
      '  allocated_storage = 20\n  multi_az          = true\n\n  lifecycle {',
    ));
  });

  it('one space when the neighbours are not aligned, or the last attribute spans lines', () => {
    const unaligned = 'resource "aws_db_instance" "a" {\n  engine = "mysql"\n  instance_class   = "db.t3.micro"\n}\n';
    assert.equal(fixText(unaligned, 'RDS201', 'aws_db_instance.a'), unaligned.replace('micro"\n}', 'micro"\n  multi_az = true\n}'));
    const multiline = 'resource "aws_db_instance" "a" {\n  engine = "mysql"\n  tags = {\n    Team = "x"\n  }\n}\n';
    assert.equal(fixText(multiline, 'RDS201', 'aws_db_instance.a'), multiline.replace('  }\n}', '  }\n  multi_az = true\n}'));
  });

  it('keeps CRLF line endings, tabs and non-ASCII text', () => {
    const text = readFixture('hcl', 'crlf', 'main.tf');
    const fixed = fixText(text, 'RDS201', 'aws_db_instance.billing', '/w/main.tf');
    assert.equal(fixed, text.replace('EOT\r\n  }\r\n}', 'EOT\r\n  }\r\n  multi_az = true\r\n}'));
    assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    const tabs = 'resource "aws_db_instance" "a" {\n\tengine = "mysql" # 日本\n}\n';
    assert.equal(fixText(tabs, 'RDS201', 'aws_db_instance.a'), 'resource "aws_db_instance" "a" {\n\tengine = "mysql" # 日本\n\tmulti_az = true\n}\n');
  });

  it('a one-line block becomes a multi-line block (HCL allows one attribute on one line)', () => {
    assert.equal(
      fixText('resource "aws_db_instance" "a" { engine = "mysql" }\n', 'RDS201', 'aws_db_instance.a'),
      'resource "aws_db_instance" "a" {\n  engine = "mysql"\n  multi_az = true\n}\n',
    );
    assert.equal(
      fixText('  resource "aws_db_proxy" "p" {}', 'RDS503', 'aws_db_proxy.p'),
      '  resource "aws_db_proxy" "p" {\n    require_tls = true\n  }',
    );
  });

  it('a brace after the last attribute moves to its own line; a body of blocks only gets the attribute first', () => {
    assert.equal(
      fixText('resource "aws_db_instance" "a" {\n  engine = "mysql" }\n', 'RDS201', 'aws_db_instance.a'),
      'resource "aws_db_instance" "a" {\n  engine = "mysql"\n  multi_az = true\n}\n',
    );
    const blocksOnly = 'resource "aws_db_proxy" "p" {\n  # the secret\n  auth {\n    secret_arn = "arn:x"\n  }\n}\n';
    assert.equal(fixText(blocksOnly, 'RDS503', 'aws_db_proxy.p'), blocksOnly.replace('{\n  # the secret', '{\n  require_tls = true\n  # the secret'));
  });

  it('an attribute written as null is replaced, not written twice', () => {
    const text = 'resource "aws_db_instance" "a" {\n  engine   = "mysql"\n  multi_az = null\n}\n';
    assert.equal(fixText(text, 'RDS201', 'aws_db_instance.a'), text.replace('multi_az = null', 'multi_az = true'));
  });

  it('inserted strings escape HCL template sequences', () => {
    assert.equal(scalarText('db-${x}-%{y}', 'hcl'), '"db-$${x}-%%{y}"');
    assert.equal(scalarText('db-${x}', 'json'), '"db-${x}"');
  });
});

describe('HCL fixes: removing an attribute', () => {
  before(async () => assert.ok(await initHcl()));

  it('removes the line with its trailing comment; on a shared line only the attribute', () => {
    const text = 'resource "aws_db_instance" "a" {\n  engine            = "mysql"\n  multi_az          = true\n  availability_zone = "eu-west-1a" // pinned\n  # kept\n}\n';
    assert.equal(fixText(text, 'RDS202', 'aws_db_instance.a'), text.replace('  availability_zone = "eu-west-1a" // pinned\n', ''));
    const shared = 'resource "aws_db_instance" "b" {\n  multi_az = true\n  availability_zone = "x" }\n';
    assert.equal(fixText(shared, 'RDS202', 'aws_db_instance.b'), 'resource "aws_db_instance" "b" {\n  multi_az = true\n   }\n');
  });
});

describe('HCL suppression edit (for the "suppress RDSnnn" code action)', () => {
  before(async () => assert.ok(await initHcl()));

  const suppress = (text: string, resource: string, rule: string) => {
    const result = lintDocuments([{ uri: '/m/main.tf', text }]);
    const entity = [...result.topology.instances, ...result.topology.proxies].find((e) => e.id === resource)!;
    const edit = hclSuppressionEdit(entity, rule, { text, format: 'hcl' })!;
    const fixed = applyEdits(text, [{ file: '/m/main.tf', ...edit }]);
    const after = lintDocuments([{ uri: '/m/main.tf', text: fixed }]);
    assert.equal(after.findings.some((f) => f.ruleId === rule && f.resource === resource), false, `${rule} on ${resource} is suppressed`);
    assert.ok(after.suppressed.some((f) => f.ruleId === rule && f.resource === resource));
    return fixed;
  };

  it('writes `# rdscope:ignore RDSnnn` directly above the block, with its indentation and line endings', () => {
    const text = 'resource "aws_db_instance" "a" {\r\n  engine = "mysql"\r\n}\r\n';
    assert.equal(suppress(text, 'aws_db_instance.a', 'RDS201'), `# rdscope:ignore RDS201\r\n${text}`);
  });

  it('appends the id to a directive the block already has, above or inside it', () => {
    const above = '# rdscope:ignore RDS105 (a scratch database)\nresource "aws_db_instance" "a" {\n  engine              = "mysql"\n  skip_final_snapshot = true\n}\n';
    assert.equal(suppress(above, 'aws_db_instance.a', 'RDS201'), above.replace('RDS105 (a', 'RDS105 RDS201 (a'));
    const inside = 'resource "aws_db_instance" "a" {\n  engine              = "mysql"\n  skip_final_snapshot = true // rdscope:ignore RDS105\n}\n';
    assert.equal(suppress(inside, 'aws_db_instance.a', 'RDS201'), inside.replace('RDS105', 'RDS105 RDS201'));
  });
});
