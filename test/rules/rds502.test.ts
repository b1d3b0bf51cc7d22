import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { assertExpected, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, suppressedOn } from './harness';

const ID = 'RDS502';
/** A YAML block list's range ends after its last line break (the parser's range): trailing whitespace is not compared. */
const text = (r: LintResult, f: Finding) => r.documents.get(f.file)!.text.slice(f.range.start, f.range.end).trimEnd();
const summary = (r: LintResult) => findingsOf(r, ID).map((f) => `${f.resource}: ${text(r, f)}`);

describe('RDS502 proxy-auth: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS502/proxies.yaml');
  const on = (resource: string) => findingsOf(r, ID).filter((f) => f.resource === resource);

  it('fires when no Auth entry names a secret and IAM_AUTH is not the default, nothing else', () => {
    assertExpected(summary(r), ID, 'fires when no Auth entry names a secret and IAM_AUTH is not the default, nothing else');
    for (const f of findingsOf(r, ID)) {
      assert.equal(f.severity, 'error');
      assert.equal(f.fix, undefined);
    }
  });

  it('names what is missing, the consequence and both remedies', () => {
    assert.match(on('NoAuth')[0].message, /^Proxy NoAuth has no Auth and no DefaultAuthScheme: the proxy has no credentials to log in to the database, so RDS rejects it/);
    assert.match(on('AuthWithoutSecret')[0].message, /^Proxy AuthWithoutSecret has no Auth entry with a SecretArn and no DefaultAuthScheme:/);
    assert.match(on('EmptyAuth')[0].message, /^Proxy EmptyAuth has an empty Auth list/);
    assert.match(on('SchemeNone')[0].message, /and DefaultAuthScheme NONE \(not IAM_AUTH\):/);
    for (const f of findingsOf(r, ID)) {
      assert.match(f.message, /Add an Auth entry whose SecretArn names the Secrets Manager secret of the database user \(readable through RoleArn\), or use end-to-end IAM authentication with DefaultAuthScheme: IAM_AUTH\.$/);
    }
  });

  it('is silent with a secret in any entry, IAM_AUTH by default, or unknown secrets, schemes and Auth lists', () => {
    assertSilentOn(r, ID, ['WithSecret', 'OneEntryWithSecret', 'IamByDefault', 'SchemeUnknown', 'SecretUnknown', 'AuthComputed']);
  });
});

describe('RDS502 proxy-auth: CloudFormation JSON', () => {
  const r = lintFixtures('rules/RDS502/proxies.json');
  it('fires on an Auth entry without SecretArn and honours Metadata suppression', () => {
    assert.deepEqual(summary(r), ['NoSecret: "Auth": [{"AuthScheme": "SECRETS", "IAMAuth": "DISABLED"}]']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS502 proxy-auth: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS502/proxies.tf.json');
  it('fires with Terraform names on aws_db_proxy; silent on secrets, IAM_AUTH, variables and dynamic blocks', () => {
    assertExpected(summary(r), ID, 'fires with Terraform names on aws_db_proxy; silent on secrets, IAM_AUTH, variables and dynamic blocks');
    assert.match(findingsOf(r, ID)[1].message,
      /^Proxy aws_db_proxy.auth_without_secret has no auth entry with a secret_arn and no default_auth_scheme: .*readable through role_arn\), or use end-to-end IAM authentication with default_auth_scheme = "IAM_AUTH"\.$/);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS502/proxies.json', severity: 'warning', count: 1 });

describeDocExamples(ID);
