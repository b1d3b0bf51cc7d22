/**
 * `rdscope graph --format html`: one standalone page, safe to open from a
 * pull request artifact. The same strict Content-Security-Policy as the
 * webview (nothing loads, the only style is nonce'd, no script at all); the
 * diagram scrolls, and below it each resource lists its findings and
 * recovery estimates in native <details> elements (keyboard-accessible
 * without script).
 */
import { escapeMarkup as esc } from './escape';
import type { DiagramLayout } from './layout';
import { DIAGRAM_CSS, paletteCss } from './style';
import { renderSvg } from './svg';

export interface HtmlOptions {
  readonly title?: string;
  /** For tests; a fresh random nonce otherwise. */
  readonly nonce?: string;
}

const PAGE_CSS = `
body{margin:0;background:var(--rd-bg);color:var(--rd-fg);font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",system-ui,Ubuntu,sans-serif;font-size:14px}
header{padding:12px 20px;border-bottom:1px solid var(--rd-group-border)}
h1{font-size:18px;margin:0 0 4px}
.files{color:var(--rd-muted);margin:0;font-size:12px}
.stage{overflow:auto;max-height:80vh;border-bottom:1px solid var(--rd-group-border)}
.resources{padding:8px 20px 24px}
.resources h2{font-size:15px}
details{border:1px solid var(--rd-group-border);border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer;font-weight:600}
.sev-error{color:var(--rd-error)}.sev-warning{color:var(--rd-warning)}.sev-info{color:var(--rd-info)}
.muted{color:var(--rd-muted)}
table{border-collapse:collapse;margin-top:6px}td,th{text-align:left;padding:2px 10px 2px 0;vertical-align:top}
`.trim();

export function contentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:`;
}

export function renderHtml(layout: DiagramLayout, options: HtmlOptions = {}): string {
  const nonce = options.nonce ?? randomNonce();
  const title = options.title ?? 'RDS topology';
  const files = [...new Set(layout.nodes.map((n) => n.file).filter((f): f is string => f !== undefined))];
  const svg = renderSvg(layout, { embedStyle: false });
  const resources = layout.nodes.filter((n) => n.resource !== undefined && n.kind !== 'standby' && n.kind !== 'cluster-instance');
  const details = resources.map((n) => {
    const findings = n.findings.length === 0 ? '<p class="muted">No findings.</p>'
      : `<ul>${n.findings.map((f) => `<li><span class="sev-${f.severity}">${esc(f.severity)}</span> ${esc(f.ruleId)} ${esc(f.ruleName)}: ${esc(f.message)}</li>`).join('')}</ul>`;
    const recovery = n.recovery
      ? `<table><caption class="muted">Recovery estimates: ${esc(n.recovery.summary)}${n.recovery.database !== n.resource ? ` (profile of ${esc(n.recovery.database)})` : ''}</caption>`
        + `<tr><th>Failure</th><th>RPO (estimate)</th><th>RTO (estimate)</th></tr>${
          n.recovery.failures.map((f) => `<tr><td>${esc(f.label)}</td><td title="${esc(f.rpo.reason)}">${esc(f.rpo.value)}</td><td title="${esc(f.rto.reason)}">${esc(f.rto.value)}</td></tr>`).join('')}</table>`
      : '';
    const badges = n.badges.filter((b) => b.kind !== 'finding').map((b) => esc(b.description)).join('; ');
    return `<details data-resource="${esc(n.resource!)}"${n.findings.length ? ' open' : ''}><summary>${esc(n.title)} <span class="muted">${esc(n.resourceType ?? '')} · ${esc(n.subtitle)}</span></summary>`
      + `<p>${esc(n.detail)}${badges ? `<br><span class="muted">${badges}</span>` : ''}</p>${findings}${recovery}</details>`;
  }).join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style nonce="${esc(nonce)}">${paletteCss('auto', ':root')}${DIAGRAM_CSS}
${PAGE_CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="files">${files.map(esc).join(', ')}</p></header>
<main>
<div class="stage">
${svg}
</div>
<section class="resources" aria-label="Resources"><h2>Resources</h2>
${details}
</section>
</main>
</body>
</html>
`;
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
