/**
 * A FileSource (evaluate/inputs.ts) over the file system: what evaluation
 * reads besides the linted documents (Terraform modules, `.terraform/modules`,
 * tfvars). Reads only regular files up to a size limit, and nothing whose
 * real path leaves the allowed roots through a symbolic link (a module folder
 * that links to /etc is not read). Never throws: anything that cannot be
 * read is undefined, and the evaluator reports it (RDS001).
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileSource } from '../evaluate/inputs';
import { DEFAULT_MAX_FILE_BYTES } from '../parse/limits';
import { readRegularTextOrUndefined } from './regularFile';

export interface FileSystemSourceOptions {
  /**
   * The largest file read: the linted templates' limit (`maxFileBytes`,
   * `--max-file-size`), so a module or tfvars file costs no more than a
   * template may. Default: that limit's default.
   */
  readonly maxBytes?: number;
  /**
   * The limit for one path, where configurations differ by folder (the
   * language server: the `maxFileBytes` of the configuration governing the
   * file). Wins over `maxBytes`.
   */
  readonly maxBytesFor?: (path: string) => number;
  /**
   * Folders whose contents may be read, by real path; a path whose real path
   * is outside them all is not read. Absent: any path (symbolic links are
   * still resolved before the regular-file check).
   */
  readonly roots?: readonly string[];
  /** Texts that win over the disk (the editor's open, unsaved documents), by absolute path. */
  readonly overlay?: ReadonlyMap<string, string>;
}

export function fileSystemSource(options: FileSystemSourceOptions = {}): FileSource {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const roots = options.roots?.map((r) => realOrSelf(resolve(r)));
  const allowed = (path: string): string | undefined => {
    let real: string;
    // Relative paths (the CLI names files relative to its working folder) resolve against it.
    try { real = realPath(resolve(path)); } catch { return undefined; }
    if (roots && !roots.some((root) => isInside(real, root))) return undefined;
    return real;
  };
  return {
    readText(path) {
      const own = options.overlay?.get(resolve(path));
      if (own !== undefined) return own;
      const real = allowed(path);
      if (!real) return undefined;
      return readRegularTextOrUndefined(real, options.maxBytesFor?.(resolve(path)) ?? maxBytes);
    },
    listFolder(path) {
      const real = allowed(path);
      if (!real) return undefined;
      try {
        if (!lstatSync(real).isDirectory()) return undefined;
        return readdirSync(real).sort();
      } catch {
        return undefined;
      }
    },
  };
}

function realOrSelf(path: string): string {
  try { return realPath(path); } catch { return path; }
}

/**
 * The operating system's realpath (one call), not Node's JavaScript one,
 * which lstats every component of the path: a Terraform lint asks for the
 * folder's tfvars before anything else, in cold code. Roots and paths are
 * both resolved with it, so they compare alike.
 */
function realPath(path: string): string {
  return realpathSync.native(path);
}

function isInside(path: string, root: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}
