/**
 * A FileSource (evaluate/inputs.ts) over the file system: what evaluation
 * reads besides the linted documents (Terraform modules, `.terraform/modules`,
 * tfvars). Reads only regular files up to a size limit, and nothing whose
 * real path leaves the allowed roots through a symbolic link (a module folder
 * that links to /etc is not read). Never throws: anything that cannot be
 * read is undefined, and the evaluator reports it (RDS001).
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileSource } from '../evaluate/inputs';

/** The default cap on one file read through a FileSource (the linter's maxFileBytes default). */
export const DEFAULT_MAX_READ_BYTES = 20 * 1024 * 1024;

export interface FileSystemSourceOptions {
  readonly maxBytes?: number;
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
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const roots = options.roots?.map((r) => realOrSelf(resolve(r)));
  const allowed = (path: string): string | undefined => {
    let real: string;
    // Relative paths (the CLI names files relative to its working folder) resolve against it.
    try { real = realpathSync(resolve(path)); } catch { return undefined; }
    if (roots && !roots.some((root) => isInside(real, root))) return undefined;
    return real;
  };
  return {
    readText(path) {
      const own = options.overlay?.get(resolve(path));
      if (own !== undefined) return own;
      const real = allowed(path);
      if (!real) return undefined;
      try {
        const stat = statSync(real);
        if (!stat.isFile() || stat.size > maxBytes) return undefined;
        const bytes = readFileSync(real);
        // The file may have grown between the stat and the read.
        if (bytes.length > maxBytes) return undefined;
        return new TextDecoder('utf-8').decode(bytes);
      } catch {
        return undefined;
      }
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
  try { return realpathSync(path); } catch { return path; }
}

function isInside(path: string, root: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}
