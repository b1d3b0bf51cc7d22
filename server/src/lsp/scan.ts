/**
 * The background scan of the workspace folders: finds the files that may be
 * templates, bounded (file and folder-entry limits, `files.exclude`, no
 * `node_modules` and friends) and cancellable, and hands them one by one to
 * the caller, giving way to the user (the caller's `giveWay` waits while they
 * type) and to the event loop between files.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { matchesAnyGlob } from '../io/glob';

/** Folders no template lives in, skipped whatever the settings say (as the CLI does). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', '.terraform', 'cdk.out', '.test-build', '.vscode-test']);
/** The files the CLI reads in a folder, by name (io/walk.ts). */
export const CANDIDATE_FILE = /\.(ya?ml|json|template|tf)$/i;
/** At most this many candidate files are read; the rest of a huge workspace is linted when opened. */
export const MAX_SCANNED_FILES = 10_000;
/** At most this many folder entries are listed while looking for them. */
export const MAX_LISTED_ENTRIES = 500_000;

export interface ScanFolder {
  readonly path: string;
  /** `files.exclude` globs that are on, relative to the folder. */
  readonly exclude: readonly string[];
}

export interface ScanHooks {
  isCancelled(): boolean;
  /** Resolves when the user's own work (an edit being linted) is done. */
  giveWay(): Promise<void>;
  /** Reads and analyzes one file; synchronous, called between yields. */
  onFile(path: string): void;
  onProgress?(scanned: number, total: number): void;
}

export interface ScanResult {
  readonly files: number;
  readonly truncated: boolean;
  readonly cancelled: boolean;
}

/** Resolves on the next turn of the event loop, after pending I/O (LSP messages included). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function listCandidateFiles(folders: readonly ScanFolder[], isCancelled: () => boolean, maxFiles = MAX_SCANNED_FILES): Promise<{ files: string[]; truncated: boolean; cancelled: boolean }> {
  const files: string[] = [];
  let listed = 0;
  for (const folder of folders) {
    const queue: [string, string][] = [[folder.path, '']];
    while (queue.length > 0) {
      if (isCancelled()) return { files, truncated: false, cancelled: true };
      const [dir, rel] = queue.shift()!;
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable folder: skipped, as the CLI would report nothing there either
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (++listed > MAX_LISTED_ENTRIES) return { files, truncated: true, cancelled: false };
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        // Symbolic links are not followed: they can loop, and their target is linted where it lives.
        if (entry.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name) && !matchesAnyGlob(childRel, folder.exclude)) queue.push([join(dir, entry.name), childRel]);
        } else if (entry.isFile() && CANDIDATE_FILE.test(entry.name) && !matchesAnyGlob(childRel, folder.exclude)) {
          if (files.length >= maxFiles) return { files, truncated: true, cancelled: false };
          files.push(join(dir, entry.name));
        }
      }
    }
  }
  return { files, truncated: false, cancelled: false };
}

/** Slices of work between yields: long enough to make progress, short enough for a keystroke to get in. */
const SLICE_MS = 8;

export async function scanWorkspace(folders: readonly ScanFolder[], hooks: ScanHooks, maxFiles = MAX_SCANNED_FILES): Promise<ScanResult> {
  const listing = await listCandidateFiles(folders, hooks.isCancelled, maxFiles);
  if (listing.cancelled) return { files: 0, truncated: false, cancelled: true };
  const total = listing.files.length;
  let sliceStart = performance.now();
  for (let i = 0; i < total; i++) {
    if (performance.now() - sliceStart > SLICE_MS) {
      hooks.onProgress?.(i, total);
      await yieldToEventLoop();
      await hooks.giveWay();
      sliceStart = performance.now();
    }
    if (hooks.isCancelled()) return { files: i, truncated: listing.truncated, cancelled: true };
    hooks.onFile(listing.files[i]);
  }
  hooks.onProgress?.(total, total);
  return { files: total, truncated: listing.truncated, cancelled: false };
}
