/**
 * Every rule, in catalog order. Adding a rule: write its file, its doc page
 * (docs/rules/RDSnnn.md) and its test, then list it here.
 */
import { rds101 } from './rds101-backup-disabled';
import { rds102 } from './rds102-backup-retention-range';
import { rds103 } from './rds103-replica-source-without-backups';
import { rds104 } from './rds104-replicas-not-backups';
import { rds105 } from './rds105-no-final-snapshot';
import { rds106 } from './rds106-replacement-without-snapshot';
import { rds107 } from './rds107-snapshot-restore-new-instance';
import { rds108 } from './rds108-restore-source-without-backups';
import type { Rule } from './types';
import { rds201 } from './rds201-no-multi-az';
import { rds202 } from './rds202-multi-az-with-availability-zone';
import { rds203 } from './rds203-standby-not-readable';
import { rds204 } from './rds204-aurora-single-instance';
import { rds205 } from './rds205-multi-az-cluster-config';
import { rds301 } from './rds301-replica-count';
import { rds302 } from './rds302-replica-cycle';
import { rds303 } from './rds303-replica-chain-depth';
import { rds304 } from './rds304-replica-conflicting-properties';
import { rds305 } from './rds305-cross-region-replica';
import { rds306 } from './rds306-replica-engine-mismatch';
import { rds401 } from './rds401-custom-requirements';
import { rds402 } from './rds402-custom-unsupported';
import { rds501 } from './rds501-proxy-subnets';
import { rds502 } from './rds502-proxy-auth';
import { rds503 } from './rds503-proxy-require-tls';
import { rds504 } from './rds504-proxy-engine-mismatch';
import { rds505 } from './rds505-proxy-without-target';
import { rds506 } from './rds506-proxy-unsupported-target';

export const RULES: readonly Rule[] = [
  // Backups and snapshots
  rds101,
  rds102,
  rds103,
  rds104,
  rds105,
  rds106,
  rds107,
  rds108,
  // Availability
  rds201,
  rds202,
  rds203,
  rds204,
  rds205,
  // Read replicas
  rds301,
  rds302,
  rds303,
  rds304,
  rds305,
  rds306,
  // RDS Custom
  rds401,
  rds402,
  // RDS Proxy
  rds501,
  rds502,
  rds503,
  rds504,
  rds505,
  rds506,
];

export const PARSE_ERROR_RULE = {
  id: 'RDS000',
  name: 'parse-error',
  defaultSeverity: 'error',
  summary: 'The template cannot be parsed.',
  description: 'The file looks like a CloudFormation or Terraform template but cannot be read: malformed YAML or JSON, invalid UTF-8, a binary file, nesting or alias expansion beyond the safety limits, or a file above the size limit. The range is where reading failed.',
} as const;

/**
 * RDS001: what a configuration creates through a module call or nested stack
 * that rdscope could not read is not linted; saying so beats a silent
 * "No problems" about databases it never saw.
 */
export const MODULE_NOT_READ_RULE = {
  id: 'RDS001',
  name: 'module-not-read',
  defaultSeverity: 'info',
  summary: 'A module call or nested stack could not be read, so what it creates is not linted.',
  description: 'A Terraform module call whose source is not on disk (a registry or git module with no `.terraform/modules` entry: run `terraform init`; a missing local folder), or a CloudFormation nested stack whose template is not a local file. The databases it creates are not analysed, so the absence of findings about them means "not checked".',
} as const;

/** Rules about reading files rather than about the topology: RDS000 and RDS001. */
export const FILE_RULES = [PARSE_ERROR_RULE, MODULE_NOT_READ_RULE] as const;

export function ruleById(idOrName: string): Rule | undefined {
  return RULES.find((r) => r.id === idOrName || r.name === idOrName);
}
