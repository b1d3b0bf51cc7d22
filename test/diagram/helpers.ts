/** Fixtures for the diagram tests: DiagramInputs from real templates, synthetic large ones, hostile ones. */
import { readFileSync } from 'node:fs';
import { diagramInputFromLint, type DiagramInput } from '../../server/src/diagram/input';
import { lintDocuments } from '../../server/src/lint';
import { fixture } from '../helpers';

/** The DiagramInput of one or more templates under test/fixtures/diagram, as `rdscope graph` builds it. */
export function diagramFixture(...names: string[]): DiagramInput {
  return diagramInputFromLint(lintDocuments(names.map((name) => ({
    uri: `test/fixtures/diagram/${name}`,
    text: readFileSync(fixture('diagram', name), 'utf8'),
  }))));
}

/**
 * A CloudFormation template with `instances` DB instances in the shapes real
 * estates have: per ten, a Multi-AZ primary with five read replicas, a
 * Single-AZ instance with backups off, and three Aurora members of one
 * cluster; plus one source with `fleet` replicas (collapsed in the diagram).
 */
export function largeTemplate(instances: number, fleet = 0): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  const db = (id: string, props: Record<string, string | number | boolean>, extra = '') => {
    lines.push(`  ${id}:`, '    Type: AWS::RDS::DBInstance', ...(extra ? [extra] : []), '    Properties:');
    for (const [k, v] of Object.entries(props)) lines.push(`      ${k}: ${v}`);
  };
  let n = 0;
  for (let g = 0; n < instances; g++) {
    db(`Primary${g}`, { Engine: 'postgres', DBInstanceClass: 'db.r6g.large', MultiAZ: true, BackupRetentionPeriod: 7, StorageEncrypted: true }, '    DeletionPolicy: Snapshot');
    n++;
    for (let r = 0; r < 5 && n < instances; r++, n++) db(`Primary${g}Replica${r}`, { SourceDBInstanceIdentifier: `!Ref Primary${g}`, DBInstanceClass: 'db.r6g.large' });
    if (n < instances) { db(`Single${g}`, { Engine: 'mysql', DBInstanceClass: 'db.t4g.medium', BackupRetentionPeriod: 0 }); n++; }
    if (n + 3 <= instances) {
      lines.push(`  Cluster${g}:`, '    Type: AWS::RDS::DBCluster', '    Properties:', '      Engine: aurora-postgresql', '      BackupRetentionPeriod: 7');
      for (let m = 0; m < 3; m++, n++) db(`Cluster${g}Member${m}`, { Engine: 'aurora-postgresql', DBClusterIdentifier: `!Ref Cluster${g}`, DBInstanceClass: 'db.r6g.large' });
    }
  }
  if (fleet > 0) {
    db('FleetSource', { Engine: 'mysql', DBInstanceClass: 'db.r6g.xlarge', MultiAZ: true, BackupRetentionPeriod: 7 });
    for (let r = 0; r < fleet; r++) db(`FleetReplica${r}`, { SourceDBInstanceIdentifier: '!Ref FleetSource', DBInstanceClass: 'db.r6g.large' });
  }
  return `${lines.join('\n')}\n`;
}

export function diagramOf(uri: string, text: string): DiagramInput {
  return diagramInputFromLint(lintDocuments([{ uri, text }]));
}

/** What every hostile string ends with: markup that would run or add elements if it were ever parsed as HTML. */
export const HOSTILE_SUFFIX = `"'><img src=x onerror=alert(9) id=injected-suffix><script>alert(10)</script>&amp;]]>`;

/** Keys whose values are vocabularies the renderer switches on, not names: left as they are. */
const VOCABULARY = new Set(['kind', 'role', 'clusterKind', 'severity', 'provider', 'class', 'failure', 'resourceType', 'version', 'targetKind']);

/**
 * The same input with markup appended to every name, value and message
 * (ids, files, engines, regions, findings, recovery reasons), applied the
 * same way everywhere so references between resources still hold.
 */
export function hostileVariant(input: DiagramInput): DiagramInput {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key && VOCABULARY.has(key) ? v : `${v}${HOSTILE_SUFFIX}`;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(input) as DiagramInput;
}
