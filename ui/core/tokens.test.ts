import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleCss } from './css';

// One palette for all four UIs: each stylesheet imports ui/core/tokens.css and writes no colour of
// its own, and its build inlines the tokens (the pages load one stylesheet each).

const root = path.resolve(import.meta.dirname, '../..');
const sheets = [
  'ui/portal/styles.css',
  'addin/static/pane.css',
  'thunderbird-ext/src/popup.css',
  'ui/open/open.css',
];
const colour = /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(/gi;
const withoutComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');

describe.each(sheets)('%s', (sheet) => {
  it('imports the shared tokens and names no colour of its own', async () => {
    const css = await readFile(path.join(root, sheet), 'utf8');
    expect(css).toMatch(/^@import "(\.\.\/)+(ui\/)?core\/tokens\.css";/);
    expect(withoutComments(css).match(colour) ?? []).toEqual([]);
  });

  it('is built with the tokens inlined', async () => {
    const built = await bundleCss(path.join(root, sheet));
    expect(built).not.toContain('@import');
    expect(built).toContain('--vt-brand:');
  });
});
