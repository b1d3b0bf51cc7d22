import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertExpected, assertSilentOn, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, summaryOf, suppressedOn } from './harness';

const ID = 'RDS402';

describe('RDS402 custom-unsupported: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS402/custom.yaml');
  const on = (resource: string) => findingsOf(r, ID).filter((f) => f.resource === resource);

  it('fires on RDS Custom for Oracle with retention 0 and on an RDS Custom cross-region replica, nothing else', () => {
    assertExpected(summaryOf(r, ID), ID, 'fires on RDS Custom for Oracle with retention 0 and on an RDS Custom cross-region replica, nothing else');
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'error');
    for (const f of findingsOf(r, ID)) assert.equal(f.fix, undefined, 'no quick fix in the catalog');
  });

  it('says why retention 0 fails and what to do', () => {
    const [f] = on('OracleNoBackups');
    assert.match(f.message, /RDS Custom for Oracle instance OracleNoBackups \(engine custom-oracle-ee\) sets BackupRetentionPeriod to 0:/);
    assert.match(f.message, /cannot run without automated backups/);
    assert.match(f.message, /Set BackupRetentionPeriod to at least 1/);
    assert.match(on('OracleRetentionFromParameter')[0].message, /to 0 \(the default of the parameter it references\)/);
  });

  it('says why the cross-region replica fails and what to do', () => {
    const [f] = on('CrossRegionReplica');
    assert.match(f.message, /RDS Custom instance CrossRegionReplica \(engine custom-oracle-ee\) is a read replica of arn:aws:rds:us-west-2:123456789012:db:orders-db in another region/);
    assert.match(f.message, /only in the source's region/);
    assert.match(f.message, /copy snapshots to the other region/);
  });

  it('is silent on unknown or default retention, SQL Server, non-Custom engines and same-region or unknown-engine replicas', () => {
    assertSilentOn(r, ID, ['OracleRetentionUnknown', 'OracleDefaultRetention', 'OracleWithBackups', 'SqlServerNoBackups', 'PlainOracleNoBackups',
      'SameRegionReplica', 'PostgresCrossRegionReplica', 'UnknownEngineCrossRegionReplica']);
  });
});

describe('RDS402 custom-unsupported: CloudFormation JSON', () => {
  const r = lintFixtures('rules/RDS402/custom.json');
  it('fires on a quoted "0", honours Metadata suppression', () => {
    assert.deepEqual(summaryOf(r, ID), ['OracleNoBackups: "BackupRetentionPeriod": "0"']);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS402 custom-unsupported: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS402/custom.tf.json');
  it('fires with Terraform names, using the provider region for the replica', () => {
    assertExpected(summaryOf(r, ID), ID, 'fires with Terraform names, using the provider region for the replica');
    const [retention, fromVariable] = findingsOf(r, ID);
    assert.match(retention.message, /sets backup_retention_period to 0: .*Set backup_retention_period to at least 1/);
    assert.match(fromVariable.message, /\(the default of the variable it references\)/);
  });
});

describe('RDS402 custom-unsupported: source in the analyzed files, in another region', () => {
  const r = lintFixtures('rules/RDS402/cross-region.tf.json');
  it('fires on the replica (engine inherited from the source) and points at the source', () => {
    assert.deepEqual(summaryOf(r, ID), ['aws_db_instance.replica: "replicate_source_db": "${aws_db_instance.source.arn}"']);
    const [f] = findingsOf(r, ID);
    assert.match(f.message, /RDS Custom instance aws_db_instance.replica \(engine custom-oracle-ee\) is a read replica of aws_db_instance.source in another region/);
    assertExpected(f.related.map((x) => [x.message, r.documents.get(x.file)!.text.slice(x.range.start, x.range.end)]), ID, 'fires on the replica (engine inherited from the source) and points at the source');
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS402/custom.json', severity: 'info', count: 1 });

describeDocExamples(ID);
