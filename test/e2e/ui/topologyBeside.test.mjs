// The topology panel where people look at it: beside the editor (where the
// command opens it), on a Terraform module folder and on a 300-resource
// template. The files are written into the workspace copy for the test and
// removed after it.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { quickOpen, runCommand, webviewFrame, workbenchTest } from '../ui.mjs';
import { DEADLINE_MS, saveScreenshot, workspaceFile } from './lib.mjs';

function writeWorkspaceFile(rel, text) {
  const path = workspaceFile(rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A CloudFormation template with `n` DB instances: Multi-AZ primaries with two replicas each, and Single-AZ ones. */
function largeTemplate(n) {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < n; i++) {
    const group = Math.floor(i / 3);
    lines.push(`  Db${i}:`, '    Type: AWS::RDS::DBInstance', '    Properties:');
    if (i % 3 === 0) lines.push('      Engine: postgres', '      DBInstanceClass: db.r6g.large', `      MultiAZ: ${group % 2 === 0}`, '      BackupRetentionPeriod: 7');
    else lines.push(`      SourceDBInstanceIdentifier: !Ref Db${group * 3}`, '      DBInstanceClass: db.r6g.large');
  }
  return `${lines.join('\n')}\n`;
}

async function openPanel(page, tabTitle) {
  await runCommand(page, 'rdscope: Show RDS topology');
  await page.locator('.tabs-container .tab', { hasText: tabTitle }).waitFor({ state: 'visible', timeout: DEADLINE_MS });
  const frame = await webviewFrame(page, { timeout: DEADLINE_MS });
  await frame.locator('#stage[data-rendered] svg g.node[data-resource]').first().waitFor({ state: 'attached', timeout: DEADLINE_MS });
  return frame;
}

workbenchTest('beside the editor, a .tf file draws its folder\'s module, as rdscope graph does', async (page) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  // Two files of one module that refer to each other not at all: only the folder brings both in.
  writeWorkspaceFile('tf-module/billing.tf', 'resource "aws_db_instance" "billing" {\n  engine                  = "postgres"\n  instance_class          = "db.r6g.large"\n  multi_az                = true\n  backup_retention_period = 7\n  skip_final_snapshot     = false\n}\n');
  writeWorkspaceFile('tf-module/reports.tf', 'resource "aws_db_instance" "reports" {\n  engine         = "mysql"\n  instance_class = "db.t4g.medium"\n}\n');
  try {
    await quickOpen(page, 'billing.tf');
    const frame = await openPanel(page, 'RDS topology: billing.tf');
    await frame.locator('g.node[data-resource="aws_db_instance.reports"]').first().waitFor({ state: 'attached', timeout: DEADLINE_MS });
    const resources = await frame.locator('#stage').evaluate((stage) => [...new Set([...stage.querySelectorAll('g.node[data-resource]')].map((n) => n.getAttribute('data-resource')))].sort());
    assert.deepEqual(resources, ['aws_db_instance.billing', 'aws_db_instance.reports']);
    // Beside the editor, the drawing has the panel to itself: no details pane until something is selected.
    assert.equal(await frame.locator('#details').isVisible(), false);
    assert.equal(await frame.locator('#legend').evaluate((d) => d.open), false);
  } finally {
    rmSync(workspaceFile('tf-module'), { recursive: true, force: true });
  }
});

workbenchTest('beside the editor, a 300-resource template stays legible: node labels at least 10 px high at the default zoom', async (page) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  writeWorkspaceFile('large/estate-300.yaml', largeTemplate(300));
  try {
    await quickOpen(page, 'estate-300.yaml');
    const frame = await openPanel(page, 'RDS topology: estate-300.yaml');
    const measured = await frame.locator('#stage').evaluate((stage) => {
      const titles = [...stage.querySelectorAll('g.node .node-title')].map((t) => t.getBoundingClientRect().height);
      return { count: titles.length, min: Math.min(...titles), stageWidth: stage.getBoundingClientRect().width, status: document.getElementById('status')?.textContent ?? '' };
    });
    assert.ok(measured.count >= 290, JSON.stringify(measured));
    assert.match(measured.status, /300 resources/);
    assert.ok(measured.min >= 10, `every node label is at least 10 px high: ${JSON.stringify(measured)}`);
    await saveScreenshot(page, 'diagram-300-beside');
    // The failure drill from the panel: the Single-AZ primaries and their replicas are not Multi-AZ.
    await frame.locator('#drill').selectOption('az-outage');
    await frame.locator('#drill-summary').waitFor({ state: 'visible' });
    assert.match(await frame.locator('#drill-summary').innerText(), /automatic failover/);
    await saveScreenshot(page, 'diagram-drill', { docsImage: 'topology-drill.png' });
  } finally {
    rmSync(workspaceFile('large'), { recursive: true, force: true });
  }
});
