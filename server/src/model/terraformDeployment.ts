/**
 * The Terraform configurations among the analysed documents, as `terraform
 * plan` would see them: each root module folder with its input values and
 * every module it calls, expanded. A folder that another analysed folder
 * calls as a module is not a root: its resources are linted as that call
 * creates them, with the caller's arguments, not with its own defaults.
 *
 * Root inputs, in Terraform's precedence (later wins):
 * variable defaults, `terraform.tfvars`, `terraform.tfvars.json`,
 * `*.auto.tfvars` / `*.auto.tfvars.json` in lexical order, `-var-file`
 * files in order, `-var` values.
 * https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
 */
import { NO_FILES, NO_INPUTS, type DeploymentInputs, type FileSource } from '../evaluate/inputs';
import { evaluate } from '../evaluate/terraform/evaluator';
import { HclSyntaxError, parseExpressionText } from '../evaluate/terraform/syntax';
import { display, withInputs, type TfValue } from '../evaluate/terraform/values';
import { known, unknown, type Evaluated, type InputOrigin } from '../evaluate/value';
import type { MapNode, ValueNode } from '../parse/tree';
import { callsModules, ModuleInstance, TerraformBuild, terraformModuleFolder } from './terraform';
import { COMMENT_KEY, objectsOf } from './terraformResources';
import { fileSystemPath, isLocalSource, joinPath, ModuleReader, parseConfiguration, type ModuleFile } from './terraformSources';
import type { FileModel } from './topology';

export interface TerraformDocument {
  readonly uri: string;
  readonly root: ValueNode;
  /** The file's model built alone (buildTerraform), when the caller has it: reused where the deployment would build the same. */
  readonly alone?: FileModel;
}

/**
 * File models for every Terraform document given, grouped into root
 * modules with their module calls expanded. Documents keep their order;
 * models for files read from modules follow their root's.
 */
export function buildTerraformDeployment(
  documents: readonly TerraformDocument[],
  files: FileSource = NO_FILES,
  inputs: DeploymentInputs = NO_INPUTS,
): FileModel[] {
  const byFolder = new Map<string, ModuleFile[]>();
  const aloneModels = new Map<string, FileModel>();
  for (const d of documents) {
    if (d.root.kind !== 'map') continue;
    const folder = terraformModuleFolder(d.uri);
    const inFolder = byFolder.get(folder);
    if (inFolder) inFolder.push({ uri: d.uri, root: d.root });
    else byFolder.set(folder, [{ uri: d.uri, root: d.root }]);
    if (d.alone) aloneModels.set(d.uri, d.alone);
  }
  const called = calledFolders(byFolder);
  const reader = new ModuleReader(files, byFolder);
  const models: FileModel[] = [];
  const done = new Set<string>();
  const lint = (folder: string) => {
    const rootFiles = byFolder.get(folder) ?? [];
    const unreadInputs: string[] = [];
    const rootInputs = readRootInputs(folder, files, inputs, unreadInputs);
    const alone = unreadInputs.length === 0 ? sameAsAlone(rootFiles, rootInputs, aloneModels) : undefined;
    if (alone) {
      models.push(alone);
      done.add(folder);
      return;
    }
    const build = new TerraformBuild(folder, reader);
    const root = new ModuleInstance(build, reader.folder(folder)!, undefined, (name) => rootInputs.get(name));
    root.addEntities();
    // Every root file has a model (its summary), even with no RDS resource.
    for (const file of rootFiles) build.modelFor(file.uri, file.root);
    // A variables file that cannot be read (over the size limit, not a regular file) is said, at the top of the root's first file.
    const first = rootFiles[0];
    if (first) {
      for (const file of unreadInputs) {
        build.modelFor(first.uri, first.root).unread.push({ file: first.uri, range: { start: 0, end: 0 }, message: `${file} cannot be read (not a regular file, or over the size limit: --max-file-size), so its variable values are not used` });
      }
    }
    const ordered = [...rootFiles.map((f) => build.models.get(f.uri)!), ...[...build.models.values()].filter((m) => terraformModuleFolder(m.summary.file) !== folder)];
    models.push(...ordered);
    for (const f of build.visited) done.add(f);
  };
  for (const folder of byFolder.keys()) if (!called.has(folder)) lint(folder);
  // Folders only reached through a call cycle (or from a caller whose call could not be expanded): linted as roots.
  for (const folder of byFolder.keys()) if (!done.has(folder)) lint(folder);
  return models;
}

/**
 * The model of a root folder's one file built alone, when building the
 * folder as a deployment gives the same: nothing else declares variables,
 * locals or providers, no input value is given (nor a tfvars file left
 * unread), and no module call is expanded. Then the file is built once, not
 * twice (analysis builds every file alone for its link keys).
 */
function sameAsAlone(folderFiles: readonly ModuleFile[], rootInputs: ReadonlyMap<string, unknown>, aloneModels: ReadonlyMap<string, FileModel>): FileModel | undefined {
  if (folderFiles.length !== 1 || rootInputs.size > 0 || callsModules(folderFiles[0].root)) return undefined;
  const alone = aloneModels.get(folderFiles[0].uri);
  if (!alone) return undefined;
  return alone.unread ? alone : { ...alone, unread: [] };
}

/** Analysed folders another analysed folder calls with a local source. */
function calledFolders(byFolder: ReadonlyMap<string, readonly ModuleFile[]>): Set<string> {
  const called = new Set<string>();
  for (const [folder, moduleFiles] of byFolder) {
    for (const file of moduleFiles) {
      for (const block of file.root.entries.filter((e) => e.key === 'module').flatMap((e) => objectsOf(e.value))) {
        for (const call of block.entries) {
          if (call.key === COMMENT_KEY) continue;
          const source = objectsOf(call.value)[0]?.entries.find((e) => e.key === 'source')?.value;
          if (source?.kind !== 'scalar' || typeof source.value !== 'string' || !isLocalSource(source.value)) continue;
          const target = joinPath(folder, source.value);
          if (target !== folder && byFolder.has(target)) called.add(target);
        }
      }
    }
  }
  return called;
}

/**
 * The root module's variable values from tfvars files, var files and `--var`,
 * later ones winning. Files listed or named but not readable go to `unread`.
 */
export function readRootInputs(folder: string, files: FileSource, inputs: DeploymentInputs, unread: string[] = []): Map<string, Evaluated<TfValue>> {
  const values = new Map<string, Evaluated<TfValue>>();
  const path = fileSystemPath(folder);
  const names = files.listFolder(path) ?? [];
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort();
  const found = [...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)), ...auto];
  const read = (file: string, fsPath: string) => {
    const text = files.readText(fsPath);
    if (text === undefined) unread.push(file);
    return text;
  };
  for (const name of found) readVarFile(joinPath(folder, name), read(joinPath(folder, name), joinPath(path, name)), 'tfvars', values);
  for (const file of inputs.varFiles) readVarFile(file, read(file, file), 'var-file', values);
  for (const v of inputs.vars) {
    const value = cliValue(v.value);
    values.set(v.name, withInputs(value, [{ kind: 'var-cli', name: `var.${v.name}`, display: value.state === 'known' ? display(value.value) : v.value }]));
  }
  return values;
}

function readVarFile(file: string, text: string | undefined, kind: 'tfvars' | 'var-file', into: Map<string, Evaluated<TfValue>>): void {
  if (text === undefined) return;
  const root: MapNode | undefined = parseConfiguration(/\.json$/i.test(file) ? file : `${file}.tf`, text);
  if (!root) return;
  const build = new TerraformBuild(terraformModuleFolder(file), undefined);
  for (const entry of root.entries) {
    if (entry.key === COMMENT_KEY) continue;
    // A tfvars value is a constant: nothing it could refer to has a value.
    const v = literalValue(entry.value, build);
    const origin: InputOrigin = { kind, name: `var.${entry.key}`, display: v.state === 'known' ? display(v.value) : '?', file, range: entry.value.range };
    into.set(entry.key, withInputs(v, [origin]));
  }
}

const NOTHING_IN_SCOPE = { lookup: (root: string, name: string | undefined) => unknown(`${root}.${name ?? ''} cannot be used in a variable value`) };

function literalValue(node: ValueNode, build: TerraformBuild): Evaluated<TfValue> {
  switch (node.kind) {
    case 'scalar': {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return known(node.value);
      const parsed = build.parse(node.value);
      return typeof parsed === 'string' ? unknown(parsed) : evaluate(parsed, NOTHING_IN_SCOPE, node.value);
    }
    case 'seq': {
      const items = node.items.map((i) => literalValue(i, build));
      const bad = items.find((i) => i.state !== 'known');
      return bad ?? known(items.map((i) => (i as { value: TfValue }).value));
    }
    case 'map': {
      const entries = node.entries.filter((e) => e.key !== COMMENT_KEY).map((e) => [e.key, literalValue(e.value, build)] as const);
      const bad = entries.find(([, v]) => v.state !== 'known');
      return bad ? bad[1] : known(new Map(entries.map(([k, v]) => [k, (v as { value: TfValue }).value])));
    }
    default: return unknown('not a Terraform value');
  }
}

/**
 * `-var NAME=VALUE`: Terraform reads a list, map or object as an HCL
 * expression and anything else as a string (converted to the variable's type).
 */
function cliValue(text: string): Evaluated<TfValue> {
  const t = text.trim();
  if (t.startsWith('[') || t.startsWith('{')) {
    try {
      return evaluate(parseExpressionText(t), NOTHING_IN_SCOPE, t);
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      return unknown(`--var value ${JSON.stringify(text)} is not a Terraform value: ${error.message}`);
    }
  }
  return known(text);
}
