import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { simpleParser } from 'mailparser';
import { openRoutes } from '../api/http/routes/open';
import { sealOptions } from '../api/i18n/seal-texts';
import { seal } from '../api/seal/index';
import { buildOpenPage, launchChromium, loadOpenPage, root, serveApp, submitZip } from './open-harness';

// Makes docs/screenshots/open-page.png: the /open page in German with an opened message, as the
// README shows it. Run by hand after changing the page: `npx tsx test/open-screenshot.ts`
// (`--phone` writes .tmp/open-page-phone.png at a phone's width instead, to check the layout).

const phone = process.argv.includes('--phone');

const CHART = `<body style="margin:0;width:480px;height:220px;font:14px system-ui;background:#fff">
<svg width="480" height="220" xmlns="http://www.w3.org/2000/svg">
<text x="20" y="28" font-weight="600" fill="#1b2330">Blutwerte (HbA1c, %)</text>
<line x1="40" y1="190" x2="460" y2="190" stroke="#9fb0c8"/>
${[5.9, 5.8, 5.6, 5.5, 5.4, 5.3]
  .map((v, i) => {
    const h = (v - 4.5) * 100;
    return `<rect x="${60 + i * 66}" y="${190 - h}" width="40" height="${h}" rx="4" fill="#1d4e89" opacity="${0.55 + i * 0.08}"/><text x="${80 + i * 66}" y="${184 - h}" text-anchor="middle" fill="#566173">${v.toLocaleString('de')}</text><text x="${80 + i * 66}" y="208" text-anchor="middle" fill="#566173">Q${(i % 4) + 1}/${i < 4 ? 24 : 25}</text>`;
  })
  .join('')}
</svg></body>`;

await buildOpenPage();
const browser = await launchChromium();
try {
  const drawing = await browser.newPage({ viewport: { width: 480, height: 220 } });
  await drawing.setContent(CHART);
  const chart = await drawing.screenshot();
  const pdf = await drawing.pdf({ format: 'A4' }).catch(() => Buffer.from('%PDF-1.4\n%%EOF\n'));

  const sealed = await seal(
    {
      draft: {
        from: { name: 'Dr. Anna Schäfer', address: 'praxis@hausarzt-schaefer.de' },
        to: ['Jonas Müller <jonas.mueller@example.net>'],
        subject: 'Ihr Laborbefund vom 2. März',
        text: [
          'Guten Tag Herr Müller,',
          '',
          'anbei erhalten Sie Ihren Laborbefund und den Verlauf Ihrer Blutwerte. Die Werte haben sich weiter verbessert; bitte nehmen Sie Ihre Medikamente wie besprochen weiter ein.',
          '',
          'Ihren nächsten Termin können Sie gern telefonisch unter 030 1234567 vereinbaren.',
          '',
          'Mit freundlichen Grüßen',
          'Dr. Anna Schäfer',
          'Hausarztpraxis Schäfer',
        ].join('\n'),
        attachments: [
          { filename: 'Laborbefund 2026-03-02.pdf', contentType: 'application/pdf', content: pdf },
          { filename: 'Blutwerte-Verlauf.png', contentType: 'image/png', content: chart },
        ],
        date: new Date('2026-03-02T09:30:00Z'),
      },
    },
    sealOptions({ language: 'de' }),
  );
  const mail = await simpleParser(sealed.sealedMessage);
  const zip = mail.attachments.find((a) => a.contentType === 'application/zip');
  if (!zip) throw new Error('the sealed mail has no ZIP');

  const app = new Hono();
  app.route('/', openRoutes());
  const served = await serveApp(app.fetch);
  try {
    const context = await browser.newContext({
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      viewport: phone ? { width: 390, height: 844 } : { width: 900, height: 900 },
      deviceScaleFactor: 1,
      isMobile: phone,
    });
    const page = await loadOpenPage(context, served.url);
    await submitZip(page, zip.content, sealed.password, 'vertrauliche-nachricht.zip');
    await page.locator('#message').waitFor({ state: 'visible' });
    await page.getByRole('img', { name: /Vorschau von/ }).evaluate((img: HTMLImageElement) => img.decode());
    const out = phone
      ? path.join(root, '.tmp', 'open-page-phone.png')
      : path.join(root, 'docs', 'screenshots', 'open-page.png');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, await page.screenshot({ fullPage: true }));
    console.log(`wrote ${path.relative(root, out)}`);
  } finally {
    await served.close();
  }
} finally {
  await browser.close();
}
