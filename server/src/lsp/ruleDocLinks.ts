/**
 * Where a diagnostic's rule code links to (`codeDescription.href`), offline
 * first:
 * - `command`: VS Code with the rdscope extension (it says so in its
 *   initializationOptions) gets `command:rdscope.openRuleDocumentation?["RDS201"]`,
 *   which opens the page shipped in the extension in a Markdown preview.
 * - any other editor gets the page shipped beside the server
 *   (`file:///.../docs/rules/RDS201.md`, no network), or the published page
 *   (package.json `repository`) when the docs folder is not there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocUrl } from '../projectLinks';
import { pathToUri } from './uris';

export const OPEN_RULE_DOCUMENTATION_COMMAND = 'rdscope.openRuleDocumentation';

export type RuleDocLink = (ruleId: string) => string;

export interface RuleDocLinkOptions {
  /** The client opens `command:` links to rdscope's commands (the VS Code extension). */
  readonly commandLinks: boolean;
  /** The folder holding docs/rules/ (the package root); undefined: not shipped. */
  readonly packageRoot?: string;
}

export function ruleDocLinks(options: RuleDocLinkOptions): RuleDocLink {
  if (options.commandLinks) {
    return (ruleId) => `command:${OPEN_RULE_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
  }
  const folder = options.packageRoot ? join(options.packageRoot, 'docs', 'rules') : undefined;
  if (folder && existsSync(folder)) {
    // Once per rule: every diagnostic of every lint pass asks, and the shipped pages do not come and go.
    const links = new Map<string, string>();
    return (ruleId) => {
      let link = links.get(ruleId);
      if (link === undefined) {
        const page = join(folder, `${ruleId}.md`);
        link = /^RDS\d{3}$/.test(ruleId) && existsSync(page) ? pathToUri(page) : ruleDocUrl(ruleId);
        links.set(ruleId, link);
      }
      return link;
    };
  }
  return ruleDocUrl;
}

/** What the rdscope extension sends in `initializationOptions`. */
export interface RdscopeInitializationOptions {
  /** `command`: link rule codes to the extension's command (opens the bundled page). */
  readonly ruleDocLinks?: 'command';
}
