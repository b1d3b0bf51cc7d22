/**
 * rdscope's public addresses, all from package.json (`repository.url`,
 * `homepage`), bundled at build time: a fork or a release sets them there
 * once, and the SARIF `helpUri`, the JSON `helpUri`, the CLI's help and the
 * editor's fallback for a rule page all follow.
 */
import packageJson from '../../package.json';

interface PackageLinks {
  readonly repository?: string | { readonly url?: string };
  readonly homepage?: string;
}

const links = packageJson as PackageLinks;

/** `https://github.com/owner/rdscope`: the repository's web address (no `git+` prefix, no `.git`). */
export const REPOSITORY_URL: string = webAddress(typeof links.repository === 'string' ? links.repository : links.repository?.url ?? '');

/** The project's home page (package.json `homepage`, else the repository). */
export const HOMEPAGE_URL: string = links.homepage || REPOSITORY_URL;

/** A rule's documentation page as published with the repository (docs/rules/RDSnnn.md). */
export function ruleDocUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}

function webAddress(url: string): string {
  return url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
}
