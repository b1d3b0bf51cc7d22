// What the fixture workspace (test/e2e/workspace/, opened as a temp copy)
// holds and what rdscope must say about it. One entry per kind of template.
'use strict';

/**
 * @typedef {object} Template
 * @property {string} file        path relative to the workspace folder
 * @property {string} format      for test titles
 * @property {string[]} codes     rule codes the file must get (at least)
 * @property {string} idText      where RDS201's range starts: the resource's id as written (quotes included), first occurrence
 * @property {RegExp|null} fix    title of RDS201's quick fix; null: none offered
 * @property {RegExp} [inserted]  what the fix inserts (and nothing is removed)
 */

/** @type {Template[]} */
const TEMPLATES = [
  {
    file: 'cloudformation/orders.yaml',
    format: 'CloudFormation YAML',
    codes: ['RDS201', 'RDS101', 'RDS104', 'RDS103'],
    idText: 'PaymentsDb:',
    fix: /^Set MultiAZ: true$/,
    inserted: /^[ ]+MultiAZ: true\n$/,
  },
  {
    file: 'cloudformation/inventory.json',
    format: 'CloudFormation JSON',
    codes: ['RDS201'],
    idText: '"InventoryDb"',
    fix: /^Set MultiAZ: true$/,
    inserted: /^,\n[ ]+"MultiAZ": true$/,
  },
  {
    file: 'terraform-json/ledger.tf.json',
    format: 'Terraform JSON',
    codes: ['RDS201'],
    idText: '"ledger"',
    fix: /^Set multi_az = true$/,
    inserted: /^,\n[ ]+"multi_az": true$/,
  },
  {
    file: 'terraform/main.tf',
    format: 'Terraform HCL',
    codes: ['RDS201'],
    idText: '"catalog"',
    fix: /^Set multi_az = true$/,
    inserted: /^[ ]+multi_az[ ]+= true\n$/,
  },
  {
    file: 'plan/tfplan.json',
    format: 'Terraform plan JSON',
    codes: ['RDS201'],
    // The finding is on the planned value (not the address); a plan is generated, so no quick fix.
    idText: '"multi_az": false',
    fix: null,
  },
];

/** YAML that is not a template: rdscope must say nothing about it. */
const NOT_A_TEMPLATE = 'config/app.yaml';

/** The YAML template's resources and the diagram edges between them. */
const ORDERS_YAML = {
  file: 'cloudformation/orders.yaml',
  comment: '# keep a week of point-in-time recovery',
};

module.exports = { TEMPLATES, NOT_A_TEMPLATE, ORDERS_YAML };
