/**
 * Where a Terraform configuration's files are: a module folder's `.tf` /
 * `.tf.json` files, the folder a module call's `source` names, and the root
 * folder's tfvars. Reads through a FileSource only (never fetches, never runs
 * anything): local sources (`./`, `../`) relative to the calling module, and
 * registry or git sources where `terraform init` left them, as
 * `.terraform/modules/modules.json` records
 * (`{"Modules":[{"Key":"db","Source":"terraform-aws-modules/rds/aws","Dir":".terraform/modules/db"}]}`,
 * Key being the module call names from the root joined by dots).
 * https://developer.hashicorp.com/terraform/language/modules/sources
 *
 * Paths are plain strings: file-system paths (`/a/b`, `C:\a\b`) or
 * `file://` URIs, whichever the caller named its documents with; the
 * FileSource is always given file-system paths.
 */
import type { FileSource } from '../evaluate/inputs';
import { hclUnavailable, parseHcl } from '../parse/hcl';
import { parseJson } from '../parse/json';
import type { MapNode } from '../parse/tree';

export interface ModuleFile {
  readonly uri: string;
  readonly root: MapNode;
}

export interface ModuleFolder {
  readonly folder: string;
  readonly files: readonly ModuleFile[];
}

/** Files a module folder holds; override files are merged by Terraform in ways not modelled here, so skipped. */
export function isConfigurationFile(name: string): boolean {
  return /\.tf(\.json)?$/i.test(name) && !/(^|_)override\.tf(\.json)?$/i.test(name);
}

/** Joins a folder and a relative path, resolving `.` and `..` (string-only, for paths and URIs alike). */
export function joinPath(folder: string, relative: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const prefix = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(folder)?.[0] ?? '';
  const rest = folder.slice(prefix.length);
  const absolute = rest.startsWith('/') || rest.startsWith('\\');
  // `.` as the folder (a document named `main.tf` on the command line): `./modules/db` is `modules/db`, as the documents name it.
  const parts = rest.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  for (const p of relative.split(/[\\/]/)) {
    if (p === '' || p === '.') continue;
    if (p === '..') { if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop(); else if (!absolute) parts.push('..'); continue; }
    parts.push(p);
  }
  if (parts.length === 0 && !absolute && prefix === '') return '.';
  return `${prefix}${absolute ? sep : ''}${parts.join(sep)}`;
}

/** The FileSource path of a document's path or `file://` URI. */
export function fileSystemPath(pathOrUri: string): string {
  if (!/^file:\/\//i.test(pathOrUri)) return pathOrUri;
  const decoded = decodeURIComponent(pathOrUri.replace(/^file:\/\/[^/]*/i, ''));
  // file:///c%3A/x -> c:/x on Windows.
  return /^\/[A-Za-z]:/.test(decoded) ? decoded.slice(1) : decoded;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source.startsWith('.\\') || source.startsWith('..\\');
}

/** Parses a configuration file's text into its value tree; undefined when it does not parse. */
export function parseConfiguration(uri: string, text: string): MapNode | undefined {
  try {
    const parsed = /\.json$/i.test(uri) ? parseJson(text) : hclUnavailable() ? undefined : parseHcl(text);
    if (!parsed || parsed.problems.length > 0 || parsed.root?.kind !== 'map') return undefined;
    return parsed.root;
  } catch {
    return undefined;
  }
}

interface ManifestEntry { readonly key: string; readonly dir: string }

/**
 * Reads module folders through a FileSource, each once: the same module
 * called from several places (or with count) is parsed one time.
 */
export class ModuleReader {
  private readonly folders = new Map<string, ModuleFolder | undefined>();
  private readonly manifests = new Map<string, readonly ManifestEntry[] | undefined>();

  constructor(
    private readonly files: FileSource,
    /** Documents already parsed (the analysed set), by folder: used instead of reading the disk. */
    private readonly known: ReadonlyMap<string, readonly ModuleFile[]>,
  ) {}

  /** A folder's configuration files, or undefined when it holds none that can be read. */
  folder(folder: string): ModuleFolder | undefined {
    if (this.folders.has(folder)) return this.folders.get(folder);
    let result: ModuleFolder | undefined;
    const analysed = this.known.get(folder);
    if (analysed && analysed.length > 0) {
      result = { folder, files: analysed };
    } else {
      const path = fileSystemPath(folder);
      const names = this.files.listFolder(path);
      const files: ModuleFile[] = [];
      for (const name of [...(names ?? [])].filter(isConfigurationFile).sort()) {
        const text = this.files.readText(joinPath(path, name));
        const root = text === undefined ? undefined : parseConfiguration(name, text);
        if (root) files.push({ uri: joinPath(folder, name), root });
      }
      result = names && files.length > 0 ? { folder, files } : undefined;
    }
    this.folders.set(folder, result);
    return result;
  }

  /**
   * The folder a module call names, or why it cannot be read. `callerFolder`
   * is the calling module's folder, `rootFolder` the root module's (where
   * `.terraform/` is), `key` the call names from the root (`db.replica`).
   */
  resolve(source: string, callerFolder: string, rootFolder: string, key: string): { folder: string } | { reason: string } {
    if (isLocalSource(source)) return { folder: joinPath(callerFolder, source) };
    const entry = this.manifest(rootFolder)?.find((e) => e.key === key);
    if (!entry) {
      return { reason: `module source "${source}" is not installed (no entry "${key}" in .terraform/modules/modules.json): run \`terraform init\`` };
    }
    return { folder: joinPath(rootFolder, entry.dir) };
  }

  private manifest(rootFolder: string): readonly ManifestEntry[] | undefined {
    if (this.manifests.has(rootFolder)) return this.manifests.get(rootFolder);
    let entries: ManifestEntry[] | undefined;
    const text = this.files.readText(joinPath(fileSystemPath(rootFolder), '.terraform/modules/modules.json'));
    if (text !== undefined) {
      try {
        const data = JSON.parse(text) as { Modules?: unknown };
        if (Array.isArray(data.Modules)) {
          entries = data.Modules.flatMap((m: unknown) => {
            const o = m as { Key?: unknown; Dir?: unknown };
            return typeof o?.Key === 'string' && typeof o.Dir === 'string' ? [{ key: o.Key, dir: o.Dir }] : [];
          });
        }
      } catch {
        entries = undefined;
      }
    }
    this.manifests.set(rootFolder, entries);
    return entries;
  }
}
