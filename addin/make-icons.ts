import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// Renders addin/assets/icon.svg into the PNG sizes the manifest names (16/32/80 for the ribbon,
// 64/128 for IconUrl/HighResolutionIconUrl, 192 for the unified manifest's color icon). Run once after changing the SVG:
//   npx tsx addin/make-icons.ts
// The PNGs are committed; the build only copies them.

const assets = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const svg = await readFile(path.join(assets, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage();
  for (const size of [16, 32, 64, 80, 128, 192]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({ path: path.join(assets, `icon-${size}.png`), omitBackground: true });
  }
} finally {
  await browser.close();
}
