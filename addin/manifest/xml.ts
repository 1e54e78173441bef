import { addin, addinUrl, versionString } from './source';

// manifest.xml names every id, string, icon and page through a {{token}} (see the file's header);
// this fills them in from addin/manifest/source.ts and PUBLIC_URL, XML-escaped.

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function lookup(path: string): string | undefined {
  let value: unknown = addin;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !(key in value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

/** manifest.xml with every token filled in; an unknown token is an error, not an empty string. */
export function renderXmlManifest(template: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return template.replace(/\{\{([\w.:]+)\}\}/g, (_, token: string) => {
    let value: string | undefined;
    if (token === 'publicUrl') value = base;
    else if (token === 'version') value = versionString(4);
    else if (token.startsWith('url:')) {
      const file = lookup(token.slice(4));
      value = file === undefined ? undefined : addinUrl(base, file);
    } else value = lookup(token);
    if (value === undefined) throw new Error(`manifest.xml names an unknown token {{${token}}}`);
    return xmlEscape(value);
  });
}
