import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/config/config';
import type { LintResult } from '../../server/src/lint';
import { fixture } from '../helpers';
import { assertExpected, assertFixedAs, assertFixRoundTrip, assertSilentOn, configWith, describeDocExamples, findingsOf, lintFiles, lintFixtures, textOf } from './harness';

const ID = 'RDS401';
const on = (r: LintResult, resource: string) => findingsOf(r, ID).filter((f) => f.resource === resource);

describe('RDS401 custom-requirements: CloudFormation YAML', () => {
  const r = lintFixtures('rules/RDS401/custom.yaml');

  it('fires only where a requirement is missing or violated', () => {
    assertExpected(findingsOf(r, ID).map((f) => f.resource).sort(), ID, 'fires only where a requirement is missing or violated');
    for (const f of findingsOf(r, ID)) assert.equal(f.severity, 'error');
  });

  it('reports a missing CustomIAMInstanceProfile on the logical id', () => {
    const [f] = on(r, 'NoProfile');
    assert.equal(textOf(r, f), 'NoProfile');
    assert.match(f.message, /RDS Custom instance NoProfile \(engine custom-oracle-ee-cdb\) has no CustomIAMInstanceProfile/);
    assert.match(f.message, /refuses to create the instance/);
    assert.match(f.message, /Set CustomIAMInstanceProfile to an instance profile whose name starts with AWSRDSCustom/);
    assert.equal(f.fix, undefined, 'the profile needs the user\'s value');
  });

  it('reports a missing KMS key on the logical id', () => {
    const [f] = on(r, 'NoKey');
    assert.equal(textOf(r, f), 'NoKey');
    assert.match(f.message, /NoKey \(engine custom-sqlserver-se\) has no KmsKeyId/);
    assert.match(f.message, /does not fall back to the default key/);
    assert.equal(f.fix, undefined);
  });

  it('reports AutoMinorVersionUpgrade: true on the property, with a fix that keeps the comment', () => {
    const [f] = on(r, 'UpgradeOn');
    assert.equal(textOf(r, f), 'AutoMinorVersionUpgrade: true');
    assert.match(f.message, /sets AutoMinorVersionUpgrade to true: RDS Custom never applies minor versions automatically/);
    assert.match(f.message, /Set AutoMinorVersionUpgrade to false/);
    assert.equal(f.fix?.title, 'Set AutoMinorVersionUpgrade: false');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('      AutoMinorVersionUpgrade: false # set by the old module\n'));
  });

  it('reports an absent AutoMinorVersionUpgrade (default true) on the logical id, with an inserting fix', () => {
    const [f] = on(r, 'UpgradeDefault');
    assert.equal(textOf(r, f), 'UpgradeDefault');
    assert.match(f.message, /leaves AutoMinorVersionUpgrade unset, and it defaults to true/);
    assertFixRoundTrip(r, f);
  });

  it('replaces !Ref AWS::NoValue instead of adding a second AutoMinorVersionUpgrade', () => {
    const [f] = on(r, 'UpgradeNoValue');
    assert.equal(textOf(r, f), 'UpgradeNoValue');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('      AutoMinorVersionUpgrade: false\n  EngineFromParameter:'), fixed);
    assert.equal(fixed.match(/AutoMinorVersionUpgrade/g)!.length, r.documents.get(f.file)!.text.match(/AutoMinorVersionUpgrade/g)!.length);
  });

  it('uses a parameter Default as known: engine and AutoMinorVersionUpgrade', () => {
    const fromEngine = on(r, 'EngineFromParameter');
    assert.equal(fromEngine.length, 1);
    assert.match(fromEngine[0].message, /^RDS Custom instance EngineFromParameter \(engine custom-oracle-ee\) has no CustomIAMInstanceProfile/);
    const [f] = on(r, 'UpgradeFromParameter');
    assert.equal(textOf(r, f), 'AutoMinorVersionUpgrade: !Ref UpgradeDefaultTrue');
    assert.match(f.message, /sets AutoMinorVersionUpgrade to true \(the default of the parameter it references\)/);
    assert.equal(f.fix, undefined, 'the value lives in the parameter Default, not here');
  });

  it('is silent on unknown values, complete instances, other engines and what a replica inherits', () => {
    assertSilentOn(r, ID, ['Complete', 'UnknownEngine', 'UnknownValues', 'CompleteReplica', 'NotCustom']);
    const [f] = on(r, 'ReplicaWithoutProfile');
    assert.match(f.message, /RDS Custom instance ReplicaWithoutProfile \(engine custom-oracle-ee\) has no CustomIAMInstanceProfile/);
  });
});

describe('RDS401 custom-requirements: CloudFormation JSON', () => {
  const r = lintFixtures('rules/RDS401/custom.json');

  it('reports each problem, profile and key separately', () => {
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'reports each problem, profile and key separately');
    const messages = on(r, 'NoProfileNoKey').map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('has no CustomIAMInstanceProfile')));
    assert.ok(messages.some((m) => m.includes('has no KmsKeyId')));
  });

  it('fixes a quoted "true" keeping the quotes', () => {
    const [f] = on(r, 'UpgradeOn');
    const fixed = assertFixRoundTrip(r, f).get(f.file)!;
    assert.ok(fixed.includes('"AutoMinorVersionUpgrade": "false"'));
  });

  it('inserts the property with the file\'s indentation', () => {
    const [f] = on(r, 'UpgradeDefault');
    assertFixRoundTrip(r, f);
  });
});

describe('RDS401 custom-requirements: exact fixed text', () => {
  it('YAML: inserts after the last property, comments kept', () => {
    const r = lintFixtures('rules/RDS401/fix-insert.yaml');
    assert.deepEqual(findingsOf(r, ID).map((f) => f.resource), ['OrdersDb']);
    const [f] = findingsOf(r, ID);
    assert.equal(f.fix?.title, 'Set AutoMinorVersionUpgrade: false');
    assertFixedAs(r, f, 'rules/RDS401/fix-insert.yaml.fixed');
  });

  it('JSON: inserts after the last property', () => {
    const r = lintFixtures('rules/RDS401/fix-insert.json');
    const [f] = findingsOf(r, ID);
    assertFixedAs(r, f, 'rules/RDS401/fix-insert.json.fixed');
  });
});

describe('RDS401 custom-requirements: Terraform JSON', () => {
  const r = lintFixtures('rules/RDS401/custom.tf.json');

  it('speaks Terraform names and fires only on known problems', () => {
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'speaks Terraform names and fires only on known problems');
    const messages = on(r, 'aws_db_instance.no_profile_no_key').map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('has no custom_iam_instance_profile') && m.includes('Set custom_iam_instance_profile')));
    assert.ok(messages.some((m) => m.includes('has no kms_key_id') && m.includes('Set kms_key_id')));
    assert.match(on(r, 'aws_db_instance.upgrade_variable_default')[0].message, /\(the default of the variable it references\)/);
    assert.equal(on(r, 'aws_db_instance.upgrade_variable_default')[0].fix, undefined);
  });

  it('fixes auto_minor_version_upgrade in place and by insertion', () => {
    const [replace] = on(r, 'aws_db_instance.upgrade_on');
    assert.equal(replace.fix?.title, 'Set auto_minor_version_upgrade = false');
    assert.ok(assertFixRoundTrip(r, replace).get(replace.file)!.includes('"auto_minor_version_upgrade": false'));
    const [insert] = on(r, 'aws_db_instance.upgrade_default');
    assert.match(insert.message, /leaves auto_minor_version_upgrade unset, and it defaults to true/);
    assert.ok(assertFixRoundTrip(r, insert).get(insert.file)!.includes(
      '"custom_iam_instance_profile": "AWSRDSCustomOracleInstanceProfile",\n        "auto_minor_version_upgrade": false\n      },',
    ));
  });

  it('honours a "//" suppression', () => {
    assert.deepEqual(on(r, 'aws_db_instance.suppressed'), []);
    assert.equal(r.suppressed.filter((f) => f.ruleId === ID && f.resource === 'aws_db_instance.suppressed').length, 3);
  });
});

describe('RDS401 custom-requirements: Terraform plan JSON', () => {
  it('fires on planned values, without a fix (a plan is not edited)', () => {
    const r = lintFixtures('rules/RDS401/custom.plan.json');
    assertExpected(findingsOf(r, ID).map((f) => `${f.resource}: ${textOf(r, f)}`), ID, 'fires on planned values, without a fix (a plan is not edited)');
    for (const f of findingsOf(r, ID)) assert.equal(f.fix, undefined);
  });
});

describe('RDS401 custom-requirements: configuration and suppression', () => {
  const file = fixture('rules', 'RDS401', 'fix-insert.yaml');

  it('takes a configured severity, or none when off', () => {
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'warning' })), ID).map((f) => f.severity), ['warning']);
    assert.deepEqual(findingsOf(lintFiles([file], configWith(ID, { severity: 'off' })), ID), []);
    assert.equal(findingsOf(lintFiles([file], DEFAULT_CONFIG), ID).length, 1);
  });

  it('honours resource Metadata (by rule name) and keeps the finding for --show-suppressed', () => {
    const r = lintFiles([file]);
    assert.deepEqual(findingsOf(r, ID).map((f) => f.resource), ['OrdersDb']);
    const hidden = r.suppressed.filter((f) => f.ruleId === ID);
    assert.deepEqual(hidden.map((f) => f.resource), ['Suppressed', 'Suppressed', 'Suppressed']);
    assert.ok(hidden.every((f) => f.suppressed === true && f.fix === undefined));
  });
});

describeDocExamples(ID, { fix: 'offered' });
