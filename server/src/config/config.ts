/**
 * The resolved configuration the engine runs with: the same meaning whether
 * it came from `.rdscope.yaml`, editor settings or defaults.
 */
import { DEFAULT_MAX_FILE_BYTES } from '../parse/limits';
import type { DeploymentInputs } from '../evaluate/inputs';
import type { SeveritySetting } from '../rules/types';

export interface RuleSetting {
  readonly severity?: SeveritySetting;
  readonly options?: Readonly<Record<string, number | boolean | string>>;
}

export interface LintConfig {
  /** Keyed by rule id (names are mapped to ids when the config is read). */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxFileBytes: number;
  /** The inputs this file is deployed with (CLI flags, `.rdscope.yaml` `deployments:`); absent: defaults only. */
  readonly deployment?: DeploymentInputs;
  /** `.rdscope.yaml` `deployments:`, by name (paths as written, relative to the configuration's folder). */
  readonly deployments?: Readonly<Record<string, DeploymentSpec>>;
  /** `.rdscope.yaml` `deployment:`: the one linted when none is chosen. */
  readonly defaultDeployment?: string;
}

/** One named deployment of `.rdscope.yaml`: the templates it covers (globs) and their inputs. */
export interface DeploymentSpec {
  readonly templates: readonly string[];
  readonly inputs: DeploymentInputs;
}

export const DEFAULT_CONFIG: LintConfig = { rules: {}, include: [], exclude: [], maxFileBytes: DEFAULT_MAX_FILE_BYTES };
