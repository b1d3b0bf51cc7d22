import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeConfiguration, describeDocExamples, findingsOf, lintFixtures, summaryOf, suppressedOn } from './harness';

const ID = 'RDS505';

describe('RDS505 proxy-without-target: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS505/proxies.yaml');

  it('fires as a warning on the logical id of a proxy nothing references', () => {
    assert.deepEqual(summaryOf(r, ID), ['LonelyProxy: LonelyProxy']);
    const [f] = findingsOf(r, ID);
    assert.equal(f.severity, 'warning');
    assert.equal(f.fix, undefined);
  });

  it('names the proxy, the consequence and the remedy', () => {
    assert.equal(findingsOf(r, ID)[0].message, 'Proxy LonelyProxy has no target: no target group or target in the analyzed files references it, '
      + 'so it accepts client connections with no database to pass them to (every connection fails) while it is still billed. Add an '
      + 'AWS::RDS::DBProxyTargetGroup with DBProxyName: !Ref LonelyProxy and the database in DBInstanceIdentifiers or DBClusterIdentifiers, '
      + 'or lint the file that defines the target group together with this one.');
  });

  it('counts a target group by reference or by name, even with no targets listed', () => {
    assert.deepEqual(findingsOf(r, ID).filter((f) => f.resource === 'ReferencedProxy' || f.resource === 'NamedProxy'), []);
  });
});

describe('RDS505 proxy-without-target: unknown and cross-file references', () => {
  it('is silent when a target group names a proxy only known at deploy time', () => {
    assert.deepEqual(findingsOf(lintFixtures('rules/RDS505/unknown-name.yaml'), ID), []);
  });

  it('fires on a proxy linted alone, not when the file with its target group is linted too', () => {
    const alone = lintFixtures('rules/RDS505/proxy-only.json');
    assert.deepEqual(summaryOf(alone, ID), ['OrdersProxy: "OrdersProxy"']);
    assert.deepEqual(findingsOf(lintFixtures('rules/RDS505/proxy-only.json', 'rules/RDS505/targets-only.json'), ID), []);
  });

  it('honours Metadata suppression by rule name', () => {
    const r = lintFixtures('rules/RDS505/proxy-only.json');
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS505 proxy-without-target: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS505/proxies.tf.json');
  it('fires on an aws_db_proxy with neither a default target group nor a target', () => {
    assert.deepEqual(summaryOf(r, ID), ['aws_db_proxy.lonely: "lonely"']);
    assert.match(findingsOf(r, ID)[0].message,
      /Add an aws_db_proxy_default_target_group and an aws_db_proxy_target whose db_proxy_name is \$\{aws_db_proxy.lonely.name\}/);
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_proxy.suppressed']);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS505/proxy-only.json', severity: 'error', count: 1 });

describeDocExamples(ID);
