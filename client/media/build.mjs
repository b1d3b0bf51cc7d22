// The webview bundles, picked up by esbuild.mjs: the diagram script (with
// elkjs, the layout and the SVG renderer from server/src/diagram) and its page
// stylesheet, both into dist/media (the panel's only localResourceRoot).
/** @returns {import('esbuild').BuildOptions[]} */
export function webviewBuilds(common, production) {
  return [
    {
      ...common,
      entryPoints: { diagram: 'client/media/diagram.ts' },
      outdir: 'dist/media',
      platform: 'browser',
      format: 'iife',
      // VS Code's webviews run a recent Chromium (Electron); the tests run Debian's.
      target: ['chrome114'],
    },
    {
      ...common,
      entryPoints: { diagram: 'client/media/diagram.css' },
      outdir: 'dist/media',
      platform: 'browser',
      format: undefined,
      target: ['chrome114'],
    },
  ];
}
