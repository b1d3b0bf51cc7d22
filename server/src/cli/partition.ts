/**
 * How a file set is cut into parts that can be linted apart and still give
 * exactly the findings of one run over everything.
 *
 * The linker (model/link.ts) joins files three ways: a reference
 * (Ref/GetAtt, `${aws_db_instance.x.id}`) inside one scope (a template, a
 * Terraform module folder, a plan), a literal identifier anywhere, and an ARN
 * by its identifier. So two files can only affect each other's findings when
 * they share a scope or an identifier (one defines it, the other names it, or
 * both define it). `linkGroups` puts such files in one group (union-find over
 * those keys); each group links and lints on its own, in any worker, and the
 * union of the groups' findings is the whole run's. Within a group the files
 * keep their global order, so the linker's tie-breaks and the findings' order
 * are the same as in a single run.
 *
 * `linkKeysOf` reads the keys generically (every entity's identifier and
 * every attribute that holds a ResourceReference), so a reference kind added
 * to the model later is still covered.
 *
 * Sharding (`--shard i/n`) cannot parse the other shards' files (that is the
 * work it saves), so it works on text: see `contextFor`.
 */
import type { FileModel, ResourceReference } from '../model/topology';
import { joinPath } from '../model/terraformSources';

export interface LinkKeys {
  readonly scope: string;
  /** Lower-case identifiers the file defines or names (directly or inside an ARN). */
  readonly identifiers: readonly string[];
}

const ENTITY_LISTS = ['instances', 'clusters', 'proxies', 'proxyTargetGroups', 'proxyTargets', 'proxyEndpoints', 'subnets'] as const;

function isReference(v: unknown): v is ResourceReference {
  if (v === null || typeof v !== 'object') return false;
  const kind = (v as { kind?: unknown }).kind;
  return kind === 'identifier' || kind === 'arn' || kind === 'reference';
}

export function linkKeysOf(model: FileModel): LinkKeys {
  const identifiers = new Set<string>();
  for (const list of ENTITY_LISTS) {
    for (const entity of (model[list] ?? []) as readonly object[]) for (const id of identifiersOf(entity)) identifiers.add(id);
  }
  // RDS505 stays silent when any target group or target of the run might name the proxy (its proxy
  // name computed, or a literal while the proxy's own name is computed), wherever that file is: files
  // with RDS Proxy resources share a key, so they always link and lint together.
  if (model.proxies.length > 0 || model.proxyTargetGroups.length > 0 || model.proxyTargets.length > 0) identifiers.add(RDS_PROXY_KEY);
  // A Terraform folder lints together with the local modules it calls (model/terraformDeployment.ts):
  // a called folder is not a root of its own, which only a run holding both can tell.
  if (model.summary.provider === 'terraform') {
    identifiers.add(`${TERRAFORM_MODULE_KEY}${model.scope}`);
    for (const folder of model.moduleFolders ?? []) identifiers.add(`${TERRAFORM_MODULE_KEY}${folder}`);
  }
  // A CloudFormation template lints together with the local templates it nests (model/cloudformation.ts):
  // the child's findings come from the parent's expansion, and a nested child is not linted on its own.
  if (model.summary.provider === 'cloudformation') {
    identifiers.add(`${TEMPLATE_KEY}${model.summary.file}`);
    for (const file of model.nestedTemplates ?? []) identifiers.add(`${TEMPLATE_KEY}${file}`);
  }
  return { scope: model.scope, identifiers: [...identifiers].sort() };
}

/**
 * Each entity's identifiers, read once: the editor keys a changed file whose
 * model shares all but the edited resource's entities with the previous
 * version (server/src/incremental/). What linking writes into an entity
 * (its links, an inherited engine) holds no identifier, so a cached list
 * stays true.
 */
const entityIdentifiers = new WeakMap<object, readonly string[]>();
const NO_IDENTIFIERS: readonly string[] = [];

function identifiersOf(entity: object): readonly string[] {
  const cached = entityIdentifiers.get(entity);
  if (cached) return cached;
  const found: string[] = [];
  const addReference = (r: ResourceReference) => {
    if (r.kind === 'identifier' || r.kind === 'arn') found.push(r.identifier.toLowerCase());
  };
  const e = entity as { identifier?: { known: boolean; value?: unknown } };
  if (e.identifier?.known && typeof e.identifier.value === 'string') found.push(e.identifier.value.toLowerCase());
  // Any attribute holding a reference, or a list of them (proxy subnets).
  for (const value of Object.values(entity)) {
    if (value === null || typeof value !== 'object' || !(value as { known?: unknown }).known) continue;
    const inner = (value as { value?: unknown }).value;
    if (isReference(inner)) addReference(inner);
    else if (Array.isArray(inner)) for (const item of inner) if (isReference(item)) addReference(item);
  }
  const ids = found.length > 0 ? found : NO_IDENTIFIERS;
  entityIdentifiers.set(entity, ids);
  return ids;
}

/** Not an identifier AWS allows (a NUL), so it never meets a real one. */
const TERRAFORM_MODULE_KEY = '\u0000terraform-module:';
/** Not an identifier AWS allows (a NUL), so it never meets a real one. */
const TEMPLATE_KEY = '\u0000cloudformation-template:';
/** Not an identifier AWS allows (a NUL), so it never meets a real one. */
const RDS_PROXY_KEY = '\u0000rds-proxy';

/**
 * Groups of files that must be linked together, each group in input order,
 * groups ordered by their first file. Files without keys (not templates,
 * broken templates) are groups of one.
 */
export function linkGroups(files: readonly { readonly uri: string; readonly keys?: LinkKeys }[]): string[][] {
  const parent = files.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const owner = new Map<string, number>();
  files.forEach((f, i) => {
    if (!f.keys) return;
    for (const key of [`scope\u0000${f.keys.scope}`, ...f.keys.identifiers.map((id) => `id\u0000${id}`)]) {
      const first = owner.get(key);
      if (first === undefined) owner.set(key, i);
      else union(first, i);
    }
  });
  const groups = new Map<number, string[]>();
  files.forEach((f, i) => {
    const root = find(i);
    const group = groups.get(root) ?? [];
    group.push(f.uri);
    groups.set(root, group);
  });
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

/** `--shard i/n`, 1-based. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

function folderOf(uri: string): string {
  const cut = uri.lastIndexOf('/');
  return cut < 0 ? '.' : uri.slice(0, cut);
}

/**
 * The files of one shard. Terraform files (`.tf`, `.tf.json`) of one folder
 * (a module) stay together; every other file is its own unit; and a unit
 * stays with the units its files nest or call (`textOf`, see
 * `referencedUnits`). Units go to the least-loaded shard, largest first, ties
 * by path: the same file list gives the same shards on every runner, the
 * shards are disjoint and cover the list.
 */
export function shardFiles(uris: readonly string[], shard: Shard, textOf: (uri: string) => string | undefined = () => undefined): Set<string> {
  const unitKey = (uri: string) => (/\.tf(\.json)?$/i.test(uri) ? `module\u0000${folderOf(uri)}` : `file\u0000${uri}`);
  const units = new Map<string, string[]>();
  for (const uri of uris) {
    const key = unitKey(uri);
    const unit = units.get(key) ?? [];
    unit.push(uri);
    units.set(key, unit);
  }
  // Union-find over unit keys, the smaller key as each set's root so the result never depends on order.
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let k = key;
    while (parent.has(k)) k = parent.get(k)!;
    return k;
  };
  for (const uri of uris) {
    const text = textOf(uri);
    if (text === undefined) continue;
    for (const target of referencedUnits(uri, text)) {
      if (!units.has(target)) continue;
      const [a, b] = [find(unitKey(uri)), find(target)];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const groups = new Map<string, string[]>();
  for (const [key, unit] of units) {
    const root = find(key);
    const group = groups.get(root) ?? [];
    for (const uri of unit) group.push(uri);
    groups.set(root, group);
  }
  for (const group of groups.values()) group.sort();
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  for (const unit of ordered) {
    let target = 0;
    for (let s = 1; s < shard.count; s++) if (load[s] < load[target]) target = s;
    load[target] += unit.length;
    if (target === shard.index - 1) for (const uri of unit) mine.add(uri);
  }
  return mine;
}

/**
 * The units a file names without parsing it: the local templates its nested
 * stacks expand (`TemplateURL`, `Location`) and the local module folders its
 * Terraform calls (`source = "./..."`). A shard keeps them with the file, so a
 * child template or a called module is linted with its parent, as the parent
 * deploys it, and not alone with its defaults in another shard where the
 * parent's expansion is lost. A false match only moves files between shards.
 */
function referencedUnits(uri: string, text: string): string[] {
  const from = folderOf(uri);
  const keys: string[] = [];
  for (const m of text.matchAll(/\b(?:TemplateURL|Location)["']?\s*:\s*["']?([^"'\s,}\]]+)/g)) {
    // URLs (https:, s3:) and intrinsic functions are not local files.
    if (/^[a-z][a-z0-9+.-]*:/i.test(m[1]) || m[1].startsWith('!')) continue;
    keys.push(`file\u0000${joinPath(from, m[1])}`);
  }
  for (const m of text.matchAll(/\bsource["']?\s*[=:]\s*"(\.\.?\/[^"]*)"/g)) keys.push(`module\u0000${joinPath(from, m[1])}`);
  return keys;
}

/** A file's text prepared for identifier search: lower-cased, and its identifier-like words. */
export interface SearchableText {
  readonly lower: string;
  /** What a literal identifier or an ARN leaves in a text: runs of letters, digits and hyphens. */
  readonly tokens: ReadonlySet<string>;
}

export function searchableText(text: string): SearchableText {
  const lower = text.toLowerCase();
  const tokens = new Set<string>();
  for (const m of lower.matchAll(/[a-z0-9][a-z0-9-]*/g)) tokens.add(m[0]);
  return { lower, tokens };
}

/**
 * Which files outside a shard the shard's files may link with, found without
 * parsing them: a file in the same folder as one of the shard's Terraform
 * files (the same module scope), or a file whose text names one of the
 * identifiers the shard's files define or name. The caller analyzes those
 * "context" files, adds their keys and asks again until nothing new comes,
 * so chains across several files are followed. Context files are linked but
 * their findings belong to their own shard.
 *
 * The one case text cannot see: an identifier that neither file writes
 * literally (both compute it from parameters or variables). Such files link
 * in a full run but not across shards.
 */
export function contextFor(
  keys: readonly { readonly uri: string; readonly kind?: string; readonly keys?: LinkKeys }[],
  candidates: readonly string[],
  textOf: (uri: string) => SearchableText | undefined,
): string[] {
  const identifiers = new Set<string>();
  const terraformFolders = new Set<string>();
  for (const f of keys) {
    if (!f.keys) continue;
    for (const id of f.keys.identifiers) identifiers.add(id);
    if (f.kind === 'terraform') terraformFolders.add(folderOf(f.uri));
  }
  const simple = [...identifiers].filter((id) => /^[a-z0-9][a-z0-9-]*$/.test(id));
  const odd = [...identifiers].filter((id) => !/^[a-z0-9][a-z0-9-]*$/.test(id));
  const out: string[] = [];
  for (const uri of candidates) {
    if (terraformFolders.has(folderOf(uri))) { out.push(uri); continue; }
    if (identifiers.size === 0) continue;
    const text = textOf(uri);
    if (!text) continue;
    if (simple.some((id) => text.tokens.has(id)) || odd.some((id) => text.lower.includes(id))) out.push(uri);
  }
  return out;
}
