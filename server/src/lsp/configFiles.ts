/**
 * The `.rdscope.yaml` (or `.yml`, `.rdscope.json`) that applies to a folder,
 * found and read by the CLI's own loader (config/load.ts), so the editor and
 * the CLI give it the same meaning.
 */
import { ConfigError, ConfigResolver } from '../config/load';
import type { ConfigFileLoader } from './scopes';

/** A fresh loader (each one caches what it read; a configuration file change needs a new one). */
export function configFileLoader(): ConfigFileLoader {
  const resolver = new ConfigResolver(undefined);
  return (dir) => {
    try {
      const loaded = resolver.forDirectory(dir);
      return loaded.file && loaded.dir ? { file: { path: loaded.file, dir: loaded.dir, config: loaded.config } } : {};
    } catch (error) {
      if (error instanceof ConfigError) return { error: error.message, problems: error.problems };
      throw error;
    }
  };
}
