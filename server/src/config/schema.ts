/**
 * The JSON Schema of `.rdscope.yaml` / `.rdscope.json`, built from the rule
 * registry so every rule id, name and option is listed once, where the rule
 * declares it. `npm run schemas` writes it to schemas/config.schema.json (for
 * editors: completion and validation through package.json
 * `contributes.jsonValidation` / `yamlValidation`); the CLI validates against
 * the same object in memory, and a test keeps the committed file in step.
 */
import { DEFAULT_MAX_FILE_BYTES } from '../parse/limits';
import type { RuleMeta } from '../rules/types';

export const SEVERITY_SETTINGS = ['off', 'info', 'warning', 'error'] as const;

/** Top-level keys of a configuration file. */
export const CONFIG_KEYS = ['rules', 'include', 'exclude', 'maxFileBytes', 'deployments', 'deployment'] as const;

export type JsonSchema = { [key: string]: unknown };

export function buildConfigSchema(rules: readonly RuleMeta[]): JsonSchema {
  const definitions: Record<string, JsonSchema> = {
    deployment: {
      description: 'One deployment: which templates it covers and the inputs they are deployed with. Paths and globs are relative to this file\'s folder.',
      type: 'object',
      additionalProperties: false,
      properties: {
        templates: { description: 'Globs of the templates and Terraform folders this deployment applies to. Absent: every file this configuration governs.', type: 'array', items: { type: 'string' } },
        parameters: { description: 'CloudFormation parameter files, later ones winning: the AWS CLI\'s [{"ParameterKey", "ParameterValue"}] list or a {"Parameters": {...}} template configuration file (as --parameters).', type: 'array', items: { type: 'string' } },
        parameterValues: { description: 'CloudFormation parameter values (NAME: value, as --parameter); they win over the parameter files. Pseudo parameters too (AWS::Region).', type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
        varFiles: { description: 'Terraform variable files (.tfvars, .tfvars.json), in order (as --var-file).', type: 'array', items: { type: 'string' } },
        vars: { description: 'Terraform variable values (NAME: value, as --var); they win over everything else.', type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      },
    },
    severity: {
      description: 'off switches the rule off; info, warning or error reports its findings at that severity.',
      enum: [...SEVERITY_SETTINGS],
    },
  };
  const ruleProperties: Record<string, JsonSchema> = {};
  for (const rule of rules) {
    const options: Record<string, JsonSchema> = {
      severity: { $ref: '#/definitions/severity' },
    };
    for (const [name, spec] of Object.entries(rule.options ?? {})) {
      options[name] = {
        description: `${spec.description} Default: ${JSON.stringify(spec.default)}.`,
        type: spec.type,
        default: spec.default,
        ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
      };
    }
    definitions[rule.id] = {
      description: `${rule.id} ${rule.name} (default: ${rule.defaultSeverity}): ${rule.summary}`,
      anyOf: [
        { $ref: '#/definitions/severity' },
        { type: 'object', additionalProperties: false, properties: options },
      ],
    };
    ruleProperties[rule.id] = { $ref: `#/definitions/${rule.id}` };
    ruleProperties[rule.name] = { $ref: `#/definitions/${rule.id}` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'rdscope configuration (.rdscope.yaml, .rdscope.yml, .rdscope.json)',
    description: 'Which rdscope rules run, at what severity and with what options, and which files are linted. Rules are named by id (RDS201) or name (no-multi-az).',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file (for editors).' },
      rules: {
        description: 'Per rule: a severity (off, info, warning, error) or an object with severity and the rule\'s options.',
        type: 'object',
        additionalProperties: false,
        properties: ruleProperties,
      },
      include: {
        description: 'Globs relative to this file\'s folder; when given, only matching files are linted.',
        type: 'array',
        items: { type: 'string' },
      },
      exclude: {
        description: 'Globs relative to this file\'s folder; matching files and folders are not linted.',
        type: 'array',
        items: { type: 'string' },
      },
      maxFileBytes: {
        description: `Files larger than this many bytes are not linted (a template above it is reported as RDS000). Default: ${DEFAULT_MAX_FILE_BYTES}.`,
        type: 'integer',
        minimum: 1,
        default: DEFAULT_MAX_FILE_BYTES,
      },
      deployments: {
        description: 'Named deployments (prod, dev, ...): the inputs templates are deployed with. rdscope lints one deployment at a time: the one named by `deployment`, `rdscope lint --deployment NAME`, or the editor\'s "rdscope: Select deployment".',
        type: 'object',
        additionalProperties: { $ref: '#/definitions/deployment' },
      },
      deployment: {
        description: 'The deployment linted when none is chosen (a name from `deployments`). Absent: parameter and variable defaults only.',
        type: 'string',
      },
    },
    definitions,
  };
}

/** The schema file's text as committed: two-space JSON and a final newline. */
export function configSchemaText(rules: readonly RuleMeta[]): string {
  return `${JSON.stringify(buildConfigSchema(rules), null, 2)}\n`;
}
