/**
 * Every file of ../shared/corpus/ goes through the real engine without
 * throwing, and ten files have hand-checked topologies (counted by reading
 * the templates, not by running rdscope).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import { analyzeDocument, lintDocuments } from '../../server/src/lint';
import { CORPUS, CORPUS_MISSING_MESSAGE, CORPUS_PRESENT } from '../helpers';

interface CorpusEntry { readonly path: string; readonly format: string; readonly parses: boolean }

function corpusEntries(): CorpusEntry[] {
  const lines = readFileSync(join(CORPUS, 'PROVENANCE.tsv'), 'utf8').trim().split('\n');
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return { path: cells[col('corpus_path')], format: cells[col('format')], parses: cells[col('parses')] === 'yes' };
  });
}

describe('corpus: every file', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  const entries = CORPUS_PRESENT ? corpusEntries() : [];

  it('lists the corpus (sanity: the provenance file is read)', () => {
    assert.ok(entries.length >= 200, `${entries.length} corpus entries`);
  });

  for (const format of ['cfn-yaml', 'cfn-json', 'tf-json', 'tf-plan-json']) {
    it(`reads every ${format} file: a model when it parses, a located RDS000 when it does not`, () => {
      const files = entries.filter((e) => e.format === format);
      assert.ok(files.length > 0);
      for (const entry of files) {
        const text = readFileSync(join(CORPUS, entry.path), 'utf8');
        const doc = analyzeDocument({ uri: entry.path, text });
        if (entry.parses) {
          assert.equal(doc.problem, undefined, `${entry.path}: ${doc.problem?.message}`);
          assert.ok(doc.model, `${entry.path} is detected as a template (${doc.skipped})`);
          const expected = format.startsWith('cfn') ? 'cloudformation' : format === 'tf-json' ? 'terraform' : 'terraform-plan';
          assert.equal(doc.kind, expected, entry.path);
        } else {
          assert.ok(doc.problem, `${entry.path} does not parse upstream: RDS000`);
          assert.ok(doc.problem.range.start <= text.length);
        }
        // The whole pipeline (link + rules) must not throw either.
        lintDocuments([{ uri: entry.path, text }]);
      }
    });
  }
});

/** Counted by hand from the files (see the comments). */
const HAND_CHECKED: { path: string; instances: number; clusters: number; proxies: number; edges: string[]; why: string }[] = [
  {
    path: 'serverless-patterns/apigw-http-api-lambda-rds-proxy/template-rds-proxy.yaml',
    instances: 2, clusters: 1, proxies: 1,
    edges: ['membership:dbCluster->dbNode1', 'membership:dbCluster->dbNode2', 'proxy-target:dbProxy->dbCluster'],
    why: 'Aurora cluster (engine from a FindInMap), two members by !Ref, a proxy whose target group names the cluster',
  },
  {
    path: 'aws-cloudformation-templates/aws/services/Aurora/mysql/AuroraMySQL.yaml',
    // With the parameters' defaults (NumberofAuroraReplicas: '0') the replicas' conditions
    // CanCreate1Replica / CanCreate2Replica are false: only the primary is deployed.
    instances: 1, clusters: 1, proxies: 0,
    edges: ['membership:AuroraDBCluster->AuroraDBPrimaryInstance'],
    why: 'one Aurora instance joining the cluster by !Ref; the two replicas are conditional and off by default',
  },
  {
    path: 'cfn-lint/test/fixtures/templates/bad/resources/rds/instance_sizes.yaml',
    instances: 8, clusters: 0, proxies: 0, edges: [],
    why: 'eight unrelated instances',
  },
  {
    path: 'checkov/tests/cloudformation/graph/checks/resources/RDSEncryptionInTransit/template.yaml',
    instances: 4, clusters: 0, proxies: 0, edges: [],
    why: 'four instances, each with its own parameter group',
  },
  {
    path: 'cfn_nag/spec/aws_sample_templates/RDS_MySQL_With_Read_Replica.template',
    instances: 2, clusters: 0, proxies: 0, edges: ['replication:MasterDB->ReplicaDB'],
    why: 'JSON: a primary and a replica by {"Ref": "MasterDB"}',
  },
  {
    path: 'cfn-lint/test/fixtures/templates/good/resources/rds/retention_period.yaml',
    instances: 2, clusters: 0, proxies: 0, edges: [],
    why: 'both name a cluster through a Ref that is neither parameter nor resource: members of an unknown cluster',
  },
  {
    path: 'cfripper/tests/test_templates/rules/HardcodedRDSPasswordRule/bad_clusters_and_instances.json',
    instances: 2, clusters: 1, proxies: 0, edges: [],
    why: 'two replicas of "sampleDbInstance", which is not in the file, and a cluster',
  },
  {
    path: 'checkov/tests/terraform/runner/tfplan2.json',
    instances: 1, clusters: 0, proxies: 0, edges: [],
    why: 'a plan with one aws_db_instance among option/parameter/subnet groups',
  },
  {
    path: 'tf-json-from-hcl/confectionery/test-files/terraform/aws/rds/rds_multi_az.tf.json',
    instances: 5, clusters: 1, proxies: 0, edges: [],
    why: 'five aws_db_instance blocks (array-wrapped bodies) and one aws_rds_cluster without members',
  },
];

describe('corpus: hand-checked topologies', { skip: CORPUS_PRESENT ? false : CORPUS_MISSING_MESSAGE }, () => {
  for (const expected of HAND_CHECKED) {
    it(`${expected.path} (${expected.why})`, () => {
      const text = readFileSync(join(CORPUS, expected.path), 'utf8');
      const { topology, documents } = lintDocuments([{ uri: expected.path, text }]);
      assert.equal(documents.get(expected.path)?.problem, undefined);
      assert.equal(topology.instances.length, expected.instances, 'instances');
      assert.equal(topology.clusters.length, expected.clusters, 'clusters');
      assert.equal(topology.proxies.length, expected.proxies, 'proxies');
      assert.deepEqual(topology.edges.map((e) => `${e.kind}:${e.from.id}->${e.to.id}`).sort(), [...expected.edges].sort());
    });
  }

  it('aws-cloudformation-templates/.../AuroraMySQL.yaml with NumberofAuroraReplicas=2: the replicas\' conditions hold, three members', () => {
    const path = 'aws-cloudformation-templates/aws/services/Aurora/mysql/AuroraMySQL.yaml';
    const deployment = { parameterFiles: [], parameters: [{ name: 'NumberofAuroraReplicas', value: '2' }], varFiles: [], vars: [] };
    const { topology } = lintDocuments([{ uri: path, text: readFileSync(join(CORPUS, path), 'utf8') }], { config: { ...DEFAULT_CONFIG, deployment } });
    assert.deepEqual(topology.edges.map((e) => `${e.kind}:${e.from.id}->${e.to.id}`).sort(),
      ['membership:AuroraDBCluster->AuroraDBPrimaryInstance', 'membership:AuroraDBCluster->AuroraDBReplicaOneInstance', 'membership:AuroraDBCluster->AuroraDBReplicaTwoInstance']);
    // Decided conditions are not marked: these instances exist in this deployment.
    assert.deepEqual(topology.instances.map((i) => i.condition), [undefined, undefined, undefined]);
  });

  it('tf-json-from-hcl/.../rds_cluster_instance_test.tf.json: 3 clusters, 15 members, 15 membership edges', () => {
    // Counted: 3 aws_rds_cluster; 15 aws_rds_cluster_instance blocks, one with a for_each
    // expression (not expanded: one entity); 1 member of aurora_io_optimized, 14 of default.
    const path = 'tf-json-from-hcl/infracost/internal/providers/terraform/aws/testdata/rds_cluster_instance_test/rds_cluster_instance_test.tf.json';
    const { topology } = lintDocuments([{ uri: path, text: readFileSync(join(CORPUS, path), 'utf8') }]);
    assert.equal(topology.clusters.length, 3);
    assert.equal(topology.instances.length, 15);
    const memberships = topology.edges.filter((e) => e.kind === 'membership');
    assert.equal(memberships.length, 15);
    assert.equal(memberships.filter((e) => e.from.id === 'aws_rds_cluster.default').length, 14);
  });
});
