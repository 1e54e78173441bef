import { build } from 'esbuild';

// Every UI's build reads its stylesheet through this: esbuild inlines the `@import` of
// ui/core/tokens.css, so each page still loads one file (the CSPs allow only 'self' styles) and all
// four share one palette.

export async function bundleCss(file: string): Promise<string> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    logLevel: 'warning',
    // Only the tokens are imported; url() references (none today) would stay as they are.
    external: ['*.png', '*.svg', '*.woff2'],
  });
  const css = result.outputFiles[0]?.text;
  if (css === undefined) throw new Error(`esbuild wrote nothing for ${file}`);
  return css;
}
