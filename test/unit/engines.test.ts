import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterKindOf, engineFamily, maxReplicasAllowed, proxyEngineFamily } from '../../server/src/model/engines';

const known = (value: string) => ({ known: true, value });
const unknown = { known: false };
const nullable = { known: false, mayBeAbsent: true as const };

describe('clusterKindOf', () => {
  it('an Aurora engine is Aurora, whatever the class', () => {
    assert.equal(clusterKindOf(known('aurora-postgresql'), known('db.r6g.large')), 'aurora');
  });
  it('a non-Aurora engine with a class is a Multi-AZ DB cluster, even a computed one', () => {
    assert.equal(clusterKindOf(known('postgres'), known('db.m6gd.large')), 'multi-az');
    assert.equal(clusterKindOf(known('mysql'), unknown), 'multi-az');
  });
  it('a non-Aurora engine without a class is neither', () => {
    assert.equal(clusterKindOf(known('postgres'), undefined), 'other');
    assert.equal(clusterKindOf(known('postgres'), nullable), 'other');
  });
  it('an unknown engine is a Multi-AZ DB cluster only when the class is known', () => {
    assert.equal(clusterKindOf(unknown, known('db.m6gd.large')), 'multi-az');
    assert.equal(clusterKindOf(unknown, unknown), 'aurora');
    assert.equal(clusterKindOf(unknown, nullable), 'aurora');
    assert.equal(clusterKindOf(unknown, undefined), 'aurora');
  });
});

describe('engine facts', () => {
  it('families, replica limits and proxy families', () => {
    assert.equal(engineFamily('custom-oracle-ee-cdb'), 'custom-oracle');
    assert.equal(engineFamily('sqlserver-se'), 'sqlserver');
    assert.equal(maxReplicasAllowed('postgres'), 15);
    assert.equal(maxReplicasAllowed('oracle-ee'), 5);
    assert.equal(maxReplicasAllowed('db2-se'), 3);
    assert.equal(proxyEngineFamily('aurora-mysql'), 'MYSQL');
    assert.equal(proxyEngineFamily('oracle-ee'), undefined);
  });
});
