import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, describeConfiguration, describeDocExamples, describeFixture, findingsOf, lintFixtures, sortedAt, textOf } from './harness';
import { said } from './said';

const RULE = 'RDS305';

describeFixture(RULE, 'RDS305 cross-region-replica: CloudFormation', 'rules/RDS305/replicas.yaml', { fires: 'encrypted without a key, SQL Server, RDS Custom, a source named without ARN; nothing when unknown or same-region', severity: 'error', sorted: true }, ({ result, findings, on }) => {
  it('messages name the regions, the problem and the remedy', () => {
    assert.match(on('EncryptedNoKey').detail!, /^EncryptedNoKey is a cross-region read replica \(source in us-east-1\) that sets StorageEncrypted but has no KmsKeyId: KMS keys are regional.*Set KmsKeyId to a KMS key ARN/);
    assert.match(said(on('SqlServerReplica')), /running sqlserver-ee, but RDS for SQL Server does not support cross-region read replicas/);
    assert.match(said(on('CustomReplica')), /running custom-oracle-ee, but RDS Custom does not support cross-region read replicas/);
    assert.match(on('NamedSource').detail!, /^NamedSource names its source orders-primary in another region \(source in us-east-1\) by name, not by ARN: RDS finds a source in another region only by its ARN.*Set SourceDBInstanceIdentifier to the source's ARN, arn:aws:rds:us-east-1:<account>:db:orders-primary\.$/);
  });
});

describe('RDS305: Terraform JSON (provider regions)', () => {
  const result = lintFixtures('rules/RDS305/replicas.tf.json');
  const findings = findingsOf(result, RULE);

  it('a reference to a source in another provider region, encryption inherited from the source, SQL Server by ARN', () => {
    assertExpected(sortedAt(result, findings), RULE, 'a reference to a source in another provider region, encryption inherited from the source, SQL Server by ARN');
  });

  it('messages speak Terraform and suggest the ARN attribute', () => {
    const [encrypted, named] = findings.filter((f) => f.resource === 'aws_db_instance.by_reference').sort((a, b) => a.range.start - b.range.start);
    assert.match(encrypted.detail!, /^aws_db_instance\.by_reference is a cross-region read replica \(us-west-2, source in us-east-1\) that replicates the encrypted aws_db_instance\.primary but has no kms_key_id.*a KMS key ARN in us-west-2\.$/);
    assert.deepEqual(encrypted.related.map((r) => [textOf(result, r), r.message]), [['"primary"', 'source aws_db_instance.primary in us-east-1']]);
    assert.match(said(named), /names its source aws_db_instance\.primary\.identifier in another region \(us-west-2, source in us-east-1\) by name, not by ARN.*Set replicate_source_db to \$\{aws_db_instance\.primary\.arn\}\.$/);
    assert.match(said(findings.find((f) => f.resource === 'aws_db_instance.mssql_west')!), /running sqlserver-se, but RDS for SQL Server does not support cross-region read replicas/);
  });
});

describeConfiguration(RULE, { fixture: 'rules/RDS305/replicas.yaml', severity: 'warning', count: 4 });
describeDocExamples(RULE);
