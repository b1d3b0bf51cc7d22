/**
 * RDS305 cross-region-replica: a replica in another region than its source
 * that RDS cannot create. RDS-FACTS (read replicas): a cross-region source
 * must be given as an ARN; an encrypted cross-region replica needs a KMS key
 * of the target region; SQL Server and RDS Custom have no cross-region replicas.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html
 */
import { engineFamily, isRdsCustom } from '../model/engines';
import { isWritten, type Attr, type DbInstance, type ResourceReference } from '../model/topology';
import type { Rule, RuleReport } from './types';
import { writtenRange } from './wording';

export const rds305: Rule = {
  id: 'RDS305',
  name: 'cross-region-replica',
  defaultSeverity: 'error',
  summary: 'A cross-region read replica RDS cannot create: encrypted without a KMS key, SQL Server or RDS Custom, or a source named without its ARN.',
  description:
    'A replica is cross-region when its source is in another region (from the source ARN, the replica\'s SourceRegion, or ' +
    'Terraform provider regions). Fires when such a replica is encrypted (itself or through its source) without ' +
    'KmsKeyId / kms_key_id (KMS keys are regional), when its engine is SQL Server or RDS Custom (no cross-region ' +
    'replicas), or when its source is named by identifier or reference instead of ARN (RDS finds a source in another ' +
    'region only by ARN). Not reported when a region or value is unknown.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const replica of topology.instances) {
      if (replica.role !== 'replica' || replica.crossRegion !== true) continue;
      const ref = replica.replicationSourceRef;
      const source = replica.replicationSource;
      const own = replica.region.known ? replica.region.value : undefined;
      const from = sourceRegion(replica);
      const regions = own && from ? ` (${own}, source in ${from})` : from ? ` (source in ${from})` : '';
      const refRange = ref && writtenRange(ref);
      const related = source ? [{ entity: source, message: `source ${source.id}${from ? ` in ${from}` : ''}` }] : [];

      const encrypted = replica.storageEncrypted?.known && replica.storageEncrypted.value
        ? replica.storageEncrypted
        : source?.storageEncrypted?.known && source.storageEncrypted.value ? source.storageEncrypted : undefined;
      if (encrypted && !isWritten(replica.kmsKeyId)) {
        const kmsKey = replica.provider === 'cloudformation' ? 'KmsKeyId' : 'kms_key_id';
        const how = encrypted === replica.storageEncrypted ? `sets ${replica.storageEncrypted.key}` : `replicates the encrypted ${source!.id}`;
        reports.push({
          entity: replica,
          range: encrypted === replica.storageEncrypted ? writtenRange(encrypted) ?? replica.idRange : replica.idRange,
          message: `${replica.id} is an encrypted cross-region replica without ${kmsKey}: RDS rejects it`,
          detail: `${replica.id} is a cross-region read replica${regions} that ${how} but has no ${kmsKey}: KMS keys are ` +
            `regional, so RDS needs a key from ${own ?? "the replica's region"} and rejects the replica without one. Set ` +
            `${kmsKey} to a KMS key ARN in ${own ?? "the replica's region"}.`,
          related,
        });
      }

      const engine = replica.engine;
      if (engine.known && (engineFamily(engine.value) === 'sqlserver' || isRdsCustom(engine.value))) {
        const kind = isRdsCustom(engine.value) ? 'RDS Custom' : 'RDS for SQL Server';
        const engineRange = replica.engineWritten ? writtenRange(replica.engineWritten) : undefined;
        reports.push({
          entity: replica,
          range: engineRange ?? refRange ?? replica.idRange,
          message: `${replica.id} is a cross-region replica, which ${kind} does not support: creation fails`,
          detail: `${replica.id} is a cross-region read replica${regions} running ${engine.value}, but ${kind} does not ` +
            'support cross-region read replicas, so RDS refuses to create it and the recovery plan that relies on it does not ' +
            'exist. Create the replica in the source\'s region, or use snapshot copies or AWS Backup for cross-region recovery.',
          related,
        });
      }

      if (ref?.known && !namesAnArn(ref.value)) {
        const arn = arnSuggestion(replica, ref.value, from);
        reports.push({
          entity: replica,
          range: refRange ?? replica.idRange,
          message: `${replica.id} names its cross-region source by name, not ARN: creating the replica fails`,
          detail: `${replica.id} names its source ${describeRef(ref)} in another region${regions} by name, not by ARN: RDS ` +
            `finds a source in another region only by its ARN, so creating the replica fails. Set ${ref.key} to ${arn}.`,
          related,
        });
      }
    }
    return reports;
  },
};

/** What to write instead: the reference's ARN attribute in the same file, else the ARN spelled out. */
function arnSuggestion(replica: DbInstance, ref: ResourceReference, region: string | undefined): string {
  const source = replica.replicationSource;
  if (source && ref.kind === 'reference' && source.file === replica.file) {
    return replica.provider === 'cloudformation' ? `!GetAtt ${source.id}.DBInstanceArn` : `\${${source.id}.arn}`;
  }
  const identifier = ref.kind === 'identifier' ? ref.identifier : source?.identifier?.known ? source.identifier.value : undefined;
  return identifier ? `the source's ARN, arn:aws:rds:${region ?? '<region>'}:<account>:db:${identifier}` : "the source's ARN";
}

/** An ARN, or a reference to an ARN attribute (`!GetAtt Db.DBInstanceArn`, `${aws_db_instance.x.arn}`). */
function namesAnArn(ref: ResourceReference): boolean {
  if (ref.kind === 'arn') return true;
  return ref.kind === 'reference' && ref.attribute !== undefined && /arn$/i.test(ref.attribute);
}

function describeRef(ref: Attr<ResourceReference> & { known: true }): string {
  const v = ref.value;
  if (v.kind === 'reference') return v.attribute ? `${v.target}.${v.attribute}` : v.target;
  return ref.text ?? (v.kind === 'arn' ? v.arn : v.identifier);
}

function sourceRegion(replica: DbInstance): string | undefined {
  const source = replica.replicationSource;
  if (source?.region.known) return source.region.value;
  const ref = replica.replicationSourceRef;
  if (ref?.known && ref.value.kind === 'arn' && ref.value.region) return ref.value.region;
  return replica.sourceRegion?.known ? replica.sourceRegion.value : undefined;
}
