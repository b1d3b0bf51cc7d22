/**
 * The topology webview's page: a strict Content-Security-Policy (nothing but
 * the extension's own media, scripts and styles only with this load's
 * nonce), the toolbar, the stage the diagram is drawn into, the details
 * panel and the legend. Pure, so the browser tests serve the very same page.
 */
import { escapeMarkup as esc } from '../../server/src/diagram/escape';

export interface WebviewPage {
  /** `webview.cspSource`: where the extension's media are served from. */
  readonly cspSource: string;
  /** Fresh for every page load. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Scripts loaded before the diagram script (the browser tests' stand-in for the VS Code API). */
  readonly preludeScripts?: readonly string[];
}

export function webviewCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
}

export function webviewHtml(page: WebviewPage): string {
  const n = esc(page.nonce);
  const script = (src: string) => `<script nonce="${n}" src="${esc(src)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(webviewCsp(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${n}" href="${esc(page.styleUri)}">
<title>RDS topology</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Diagram">
  <button type="button" data-action="fit" title="Fit the diagram (0)">Fit</button>
  <button type="button" data-action="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
  <button type="button" data-action="zoom-out" title="Zoom out (-)" aria-label="Zoom out">&#8722;</button>
  <input type="search" id="search" placeholder="Search" title="Search by name, identifier or engine (Enter: next match)" aria-label="Search resources by name, identifier or engine" spellcheck="false">
  <select id="filter" title="Show only some resources" aria-label="Filter">
    <option value="">All resources</option>
    <option value="findings">With findings</option>
    <option value="error">With errors</option>
    <option value="warning">With warnings or errors</option>
  </select>
  <select id="drill" title="Failure drill: what each database does when this failure strikes" aria-label="Failure drill">
    <option value="">Failure drill: off</option>
    <option value="instance-failure">Drill: instance failure</option>
    <option value="az-outage">Drill: AZ outage</option>
    <option value="region-outage">Drill: region outage</option>
    <option value="data-corruption">Drill: data corruption / delete</option>
  </select>
  <button type="button" data-action="export-svg" title="Save the diagram as SVG">SVG</button>
  <button type="button" data-action="export-png" title="Save the diagram as PNG">PNG</button>
  <span class="status" id="status" role="status" aria-live="polite"></span>
</div>
<div class="banner" id="banner" role="alert" hidden></div>
<div class="drill-summary" id="drill-summary" aria-live="polite" hidden></div>
<div class="main">
  <div class="stage" id="stage" tabindex="0" aria-label="RDS topology diagram. Tab moves between resources, Enter reveals one in the editor, plus and minus zoom, arrow keys and the mouse wheel scroll, Ctrl and the wheel zoom, 0 fits."></div>
  <aside class="details" id="details" aria-label="Selected resource" aria-live="polite" hidden></aside>
  <div class="minimap" id="minimap" title="Overview: click or drag to move the view" hidden></div>
</div>
<details class="legend" id="legend"><summary>Legend</summary></details>
<div class="tooltip" id="tooltip" role="tooltip" hidden></div>
${(page.preludeScripts ?? []).map(script).join('\n')}
${script(page.scriptUri)}
</body>
</html>
`;
}
