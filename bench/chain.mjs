// The `graph` deep-chain figure (issue 17): `rdscope graph` on a template whose
// read replicas cascade thousands deep. RDS allows 3 below the source, so such
// a chain is generated or broken, but it must still draw in linear time: the
// figure times the whole process at two depths and reports the per-replica
// cost of each, which stays flat when the work is linear.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** CloudFormation YAML: Db0 (MySQL, backups on), then Db1..Db{n-1}, each a replica of the one before. */
export function replicaChainYaml(n) {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:',
    '  Db0:', '    Type: AWS::RDS::DBInstance', '    Properties:', '      Engine: mysql', '      DBInstanceClass: db.r6g.large', '      BackupRetentionPeriod: 7'];
  for (let i = 1; i < n; i++) lines.push(`  Db${i}:`, '    Type: AWS::RDS::DBInstance', '    Properties:', `      SourceDBInstanceIdentifier: !Ref Db${i - 1}`);
  return `${lines.join('\n')}\n`;
}

export function writeReplicaChain(dir, n) {
  const path = join(dir, `chain-${n}.yaml`);
  const text = replicaChainYaml(n);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
  return path;
}
