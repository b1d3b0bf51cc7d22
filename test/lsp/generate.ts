/** Generated templates for latency measurements. */

/** A CloudFormation template of about `bytes`: instances with replicas, so every rule has work. */
export function generatedTemplate(bytes: number): string {
  const head = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const block = i % 3 === 0
      ? `  Db${i}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBInstanceIdentifier: db-${i}\n      Engine: postgres\n      DBInstanceClass: db.r6g.large\n      AllocatedStorage: 100\n      BackupRetentionPeriod: ${i % 2 ? 7 : 0}\n      MultiAZ: ${i % 4 === 0}\n      MasterUsername: admin\n      ManageMasterUserPassword: true\n`
      : `  Db${i}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      SourceDBInstanceIdentifier: !Ref Db${i - (i % 3)}\n      DBInstanceClass: db.r6g.large\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}
