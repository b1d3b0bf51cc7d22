import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, LintResult } from '../../server/src/lint';
import { applyEdits, assertExpected, assertFixRoundTrip, describeConfiguration, describeDocExamples, findingsOf, lintFixtures, summaryOf, suppressedOn } from './harness';

const ID = 'RDS503';
const fixedLine = (r: LintResult, f: Finding, pattern: RegExp) => {
  const fixed = assertFixRoundTrip(r, f).get(f.file)!;
  return fixed.split('\n').filter((l) => pattern.test(l));
};

describe('RDS503 proxy-require-tls: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS503/proxies.yaml');
  const on = (resource: string) => findingsOf(r, ID).filter((f) => f.resource === resource);

  it('fires when RequireTLS is false or absent (default false), as a warning, nothing else', () => {
    assertExpected(summaryOf(r, ID), ID, 'fires when RequireTLS is false or absent (default false), as a warning, nothing else');
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'warning');
    assert.deepEqual(on('TlsOn'), []);
    assert.deepEqual(on('TlsUnknownValue'), []);
  });

  it('names the proxy, the value, the consequence and the remedy', () => {
    assert.equal(on('TlsOff')[0].message, 'Proxy TlsOff sets RequireTLS to false: the proxy accepts plain-text client connections, so database '
      + 'credentials and query results can cross the network unencrypted. Set RequireTLS: true once the clients connect with TLS.');
    assert.match(on('TlsAbsent')[0].message, /^Proxy TlsAbsent leaves RequireTLS unset, and it defaults to false: /);
    assert.match(on('TlsFromParameter')[0].message, /sets RequireTLS to false \(the default of the parameter it references\)/);
  });

  it('fixes every written or absent form in place', () => {
    assert.deepEqual(fixedLine(r, on('TlsOff')[0], /RequireTLS/).filter((l) => l.includes('not ready')), ['      RequireTLS: true # clients are not ready yet']);
    assert.ok(assertFixRoundTrip(r, on('TlsAbsent')[0]).get(on('TlsAbsent')[0].file)!.includes(
      '        - subnet-0a1b2c3d4e5f60002\n      RequireTLS: true\n  TlsQuoted:'));
    assert.ok(fixedLine(r, on('TlsQuoted')[0], /RequireTLS: 'true'/).length === 1);
    // `RequireTLS:` with no value: the value is written after the colon, not as a second key.
    const empty = assertFixRoundTrip(r, on('TlsEmpty')[0]).get(on('TlsEmpty')[0].file)!;
    assert.ok(empty.includes('      EngineFamily: MYSQL\n      RequireTLS: true\n  TlsFlow:'), empty);
    const flow = assertFixRoundTrip(r, on('TlsFlow')[0]).get(on('TlsFlow')[0].file)!;
    assert.ok(flow.includes('    Properties: {EngineFamily: MYSQL, DebugLogging: false, RequireTLS: true}\n'));
    const bare = assertFixRoundTrip(r, on('TlsNoProperties')[0]).get(on('TlsNoProperties')[0].file)!;
    assert.ok(bare.includes('  TlsNoProperties:\n    Type: AWS::RDS::DBProxy\n    Properties:\n      RequireTLS: true\n  TlsFromParameter:'), bare);
  });

  it('offers no fix where the value is a parameter\'s Default', () => {
    assert.equal(on('TlsFromParameter')[0].fix, undefined);
  });
});

describe('RDS503 proxy-require-tls: exact fixed text', () => {
  it('YAML: both fixes together, comments kept', () => {
    const r = lintFixtures('rules/RDS503/fix.yaml');
    const found = findingsOf(r, ID);
    assert.deepEqual(found.map((f) => f.fix?.title), ['Set RequireTLS: true', 'Set RequireTLS: true']);
    for (const f of found) assertFixRoundTrip(r, f);
    const original = r.documents.get(found[0].file)!.text;
    assert.equal(applyEdits(original, found.flatMap((f) => f.fix!.edits)), `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # Orders traffic goes through this proxy.
  OrdersProxy:
    Type: AWS::RDS::DBProxy
    Properties:
      DBProxyName: orders-proxy
      EngineFamily: POSTGRESQL # same as the database
      VpcSubnetIds:
        - subnet-0a1b2c3d4e5f60001 # us-east-1a
        - subnet-0a1b2c3d4e5f60002 # us-east-1b
      RequireTLS: true
  # Reporting reads through its own proxy.
  ReportingProxy:
    Type: AWS::RDS::DBProxy
    Properties:
      DBProxyName: reporting-proxy
      EngineFamily: POSTGRESQL
      RequireTLS: true # TODO: enable once the BI tool supports TLS
`);
  });

  it('JSON: insertion and replacement', () => {
    const r = lintFixtures('rules/RDS503/proxies.json');
    assert.deepEqual(summaryOf(r, ID), ['TlsAbsent: "TlsAbsent"', 'TlsOff: "RequireTLS": false']);
    const found = findingsOf(r, ID);
    for (const f of found) assertFixRoundTrip(r, f);
    const original = r.documents.get(found[0].file)!.text;
    assert.equal(applyEdits(original, found.flatMap((f) => f.fix!.edits)), `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "TlsAbsent": {
      "Type": "AWS::RDS::DBProxy",
      "Properties": {
        "DBProxyName": "orders-proxy",
        "EngineFamily": "MYSQL",
        "RequireTLS": true
      }
    },
    "TlsOff": {
      "Type": "AWS::RDS::DBProxy",
      "Properties": {
        "DBProxyName": "reporting-proxy",
        "EngineFamily": "MYSQL",
        "RequireTLS": true
      }
    },
    "Suppressed": {
      "Type": "AWS::RDS::DBProxy",
      "Metadata": {"rdscope": {"ignore": ["RDS503"]}},
      "Properties": {"EngineFamily": "MYSQL"}
    }
  }
}
`);
    assert.deepEqual(suppressedOn(r, ID), ['Suppressed']);
  });
});

describe('RDS503 proxy-require-tls: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS503/proxies.tf.json');
  const on = (resource: string) => findingsOf(r, ID).filter((f) => f.resource === resource);

  it('fires with Terraform names on aws_db_proxy', () => {
    assertExpected(summaryOf(r, ID), ID, 'fires with Terraform names on aws_db_proxy');
    assert.match(on('aws_db_proxy.tls_off')[0].message, /sets require_tls to false: .* Set require_tls = true once the clients connect with TLS\.$/);
    assert.match(on('aws_db_proxy.tls_variable_default')[0].message, /\(the default of the variable it references\)/);
    assert.equal(on('aws_db_proxy.tls_variable_default')[0].fix, undefined);
  });

  it('fixes require_tls in place and by insertion', () => {
    const [off] = on('aws_db_proxy.tls_off');
    assert.equal(off.fix?.title, 'Set require_tls = true');
    assert.ok(assertFixRoundTrip(r, off).get(off.file)!.includes('"name": "tls-off",\n        "engine_family": "MYSQL",\n        "require_tls": true\n'));
    const [absent] = on('aws_db_proxy.tls_absent');
    assert.ok(assertFixRoundTrip(r, absent).get(absent.file)!.includes('"name": "tls-absent",\n        "engine_family": "MYSQL",\n        "require_tls": true\n'));
  });

  it('honours a "//" suppression by rule name', () => {
    assert.deepEqual(suppressedOn(r, ID), ['aws_db_proxy.suppressed']);
  });
});

describe('RDS503 proxy-require-tls: Terraform plan JSON', () => {
  it('fires on the planned value, without a fix (a plan is not edited)', () => {
    const r = lintFixtures('rules/RDS503/proxy.plan.json');
    assert.deepEqual(summaryOf(r, ID), ['aws_db_proxy.orders: "require_tls": false']);
    assert.equal(findingsOf(r, ID)[0].fix, undefined);
  });
});

describeConfiguration(ID, { fixture: 'rules/RDS503/proxies.json', severity: 'error', count: 2 });

describeDocExamples(ID, { fix: 'round-trip' });
