/**
 * Every rule, in catalog order. Adding a rule: write its file, its doc page
 * (docs/rules/RDSnnn.md) and its test, then list it here.
 */
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
];

export const PARSE_ERROR_RULE = {
  id: 'RDS000',
  name: 'parse-error',
  defaultSeverity: 'error',
  summary: 'The template cannot be parsed.',
  description: 'The file looks like a CloudFormation or Terraform template but cannot be read: malformed YAML or JSON, invalid UTF-8, a binary file, nesting or alias expansion beyond the safety limits, or a file above the size limit. The range is where reading failed.',
} as const;

export function ruleById(idOrName: string): Rule | undefined {
  return RULES.find((r) => r.id === idOrName || r.name === idOrName);
}
