// The hover on a database's logical id / block label: its role and recovery profile.
'use strict';
const assert = require('assert');
const { ORDERS_YAML } = require('./fixtures');
const { TEST_TIMEOUT_MS, activateExtension, hoverText, openFile, positionOf, waitFor, waitForCodes } = require('./helpers');

describe('hover', function () {
  this.timeout(TEST_TIMEOUT_MS);

  before(async () => {
    await activateExtension();
  });

  /** Hover text at `needle`, once the server has linted the file (the hover needs its model). */
  async function hoverAt(file, needle, { offset = 0, expect } = {}) {
    const { doc, uri } = await openFile(file);
    await waitForCodes(uri, ['RDS201']);
    const position = positionOf(doc, needle, { offset: offset + 1 });
    return waitFor(`a hover at ${needle} in ${file}`, async () => {
      const text = await hoverText(uri, position);
      return expect.test(text) ? text : undefined;
    }, { describeState: () => hoverText(uri, position) });
  }

  it('CloudFormation YAML primary: role, backups, replicas and the recovery estimates (RPO/RTO)', async () => {
    const text = await hoverAt(ORDERS_YAML.file, 'OrdersDb:', { expect: /Recovery estimates/ });
    assert.match(text, /\*\*OrdersDb\*\* · AWS::RDS::DBInstance · postgres/);
    assert.match(text, /\| Role \| standalone instance \|/);
    assert.match(text, /\| Multi-AZ \| on: a synchronous standby in another AZ/);
    assert.match(text, /\| Backups \| off: no automated backups, no point-in-time recovery/);
    assert.match(text, /\| Replicas \| `OrdersReplicaA` .*`OrdersReplicaB`/);
    assert.match(text, /\| Failure \| RPO \| RTO \|/);
    assert.match(text, /Estimates, not guarantees/);
  });

  it('CloudFormation YAML replica: its role names the source', async () => {
    const text = await hoverAt(ORDERS_YAML.file, 'OrdersReplicaA:', { expect: /Role/ });
    assert.match(text, /\| Role \| read replica of `OrdersDb`/);
    assert.match(text, /RPO/);
  });

  it('Terraform HCL: the block label hovers with the role and the recovery profile', async () => {
    const text = await hoverAt('terraform/main.tf', '"catalog"', { offset: 1, expect: /Recovery estimates/ });
    assert.match(text, /\*\*aws_db_instance\.catalog\*\* · aws_db_instance · mysql/);
    assert.match(text, /\| Role \| standalone instance \|/);
    assert.match(text, /\| Multi-AZ \| off: Single-AZ/);
    assert.match(text, /\| Backups \| 7 days, point-in-time recovery on/);
    assert.match(text, /RPO/);
  });

  it('no hover away from a resource id', async () => {
    const { doc, uri } = await openFile(ORDERS_YAML.file);
    await waitForCodes(uri, ['RDS201']);
    const text = await hoverText(uri, positionOf(doc, 'Description:', { offset: 2 }));
    assert.doesNotMatch(text, /Recovery estimates|\| Role \|/);
  });
});
