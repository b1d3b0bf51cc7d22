/**
 * Before initHcl() (a front end that forgot it, or WebAssembly that could not
 * load): `.tf` files are skipped with a reason that says so, never a crash,
 * and the other formats lint as before. This file must not call initHcl().
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDocument, lintDocuments } from '../../server/src/lint';
import { hclUnavailable, parseHcl } from '../../server/src/parse/hcl';

const TF = 'resource "aws_db_instance" "a" {\n  engine = "mysql"\n}\n';
const TF_JSON = '{"resource": {"aws_db_instance": {"b": {"engine": "mysql"}}}}';

describe('HCL before initHcl()', () => {
  it('says why .tf files cannot be read', () => {
    assert.match(hclUnavailable() ?? '', /initHcl\(\)/);
    assert.throws(() => parseHcl(TF), /initHcl\(\)/);
  });

  it('skips .tf files with that reason and lints the rest', () => {
    const doc = analyzeDocument({ uri: 'm/main.tf', text: TF });
    assert.equal(doc.problem, undefined);
    assert.match(doc.skipped ?? '', /Terraform HCL support is not initialized/);
    const result = lintDocuments([{ uri: 'm/main.tf', text: TF }, { uri: 'm/b.tf.json', text: TF_JSON }]);
    assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.resource}`), ['RDS201 aws_db_instance.b']);
  });
});
