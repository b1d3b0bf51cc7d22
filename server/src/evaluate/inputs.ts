/**
 * What a deployment is made of besides its templates: the input values the
 * user deploys with (`terraform plan -var-file=prod.tfvars`,
 * `aws cloudformation deploy --parameter-overrides`), and a way to read the
 * files a configuration refers to (modules, tfvars, nested stack templates).
 *
 * This is the contract between the front ends (CLI flags, `.rdscope.yaml`
 * `deployments:`, the editor's active deployment) and evaluate/. Nothing here
 * knows RDS.
 */

/** One `NAME=VALUE` given on the command line or in the configuration file. */
export interface NamedInput {
  readonly name: string;
  readonly value: string;
  /** Where the value is written when not on the command line: the `.rdscope.yaml` that names it. */
  readonly file?: string;
}

export interface DeploymentInputs {
  /** The deployment's name (`prod`), from `.rdscope.yaml` `deployments:`; messages and the status bar show it. */
  readonly name?: string;
  /**
   * CloudFormation parameter files, later ones winning: the AWS CLI's
   * `[{"ParameterKey": ..., "ParameterValue": ...}]` list or a template
   * configuration file `{"Parameters": {...}}`. Absolute paths.
   */
  readonly parameterFiles: readonly string[];
  /** `--parameter NAME=VALUE`: wins over parameter files and defaults. */
  readonly parameters: readonly NamedInput[];
  /**
   * Terraform `-var-file` files (HCL `.tfvars` or `.tfvars.json`), in order.
   * Absolute paths. `terraform.tfvars` and `*.auto.tfvars` of a root folder
   * are not listed here: the evaluator finds them, as Terraform does.
   */
  readonly varFiles: readonly string[];
  /** `--var NAME=VALUE`: wins over everything else, as `-var` does. */
  readonly vars: readonly NamedInput[];
}

export const NO_INPUTS: DeploymentInputs = Object.freeze({ parameterFiles: [], parameters: [], varFiles: [], vars: [] });

/**
 * Reads the files a configuration refers to: local modules, `.terraform/modules`
 * as `terraform init` left it, tfvars, nested stack templates, parameter
 * files. Reads only; nothing read is ever executed. Paths are absolute
 * file-system paths. Each answers undefined when the thing cannot be read
 * (absent, not a regular file, over the size limit, unreadable).
 */
export interface FileSource {
  readText(path: string): string | undefined;
  /** The names of the entries of a folder (files and folders). */
  listFolder(path: string): readonly string[] | undefined;
}

/** No file beyond the documents being linted can be read (tests, virtual workspaces). */
export const NO_FILES: FileSource = Object.freeze({ readText: () => undefined, listFolder: () => undefined });

/**
 * Something a configuration creates that could not be read, so it is not
 * linted: a Terraform module call whose source is not on disk, a nested
 * stack whose template is not a local file. Becomes RDS001 (info) on `range`
 * in `file`, and a line in the CLI's summary.
 */
export interface UnreadSource {
  readonly file: string;
  readonly range: { readonly start: number; readonly end: number };
  readonly message: string;
  /**
   * `broken`: the configuration itself is invalid (a module that calls itself,
   * directly or not, which Terraform rejects): reported as RDS000, an error,
   * not RDS001.
   */
  readonly broken?: true;
}
