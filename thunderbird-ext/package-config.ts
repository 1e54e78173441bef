// What makes one copy of the extension point at one service: the host permission for its address
// in manifest.json and the default address in config.json. Shared by the build, the service's
// download route (which writes them for PUBLIC_URL) and the options page (which asks for the host
// permission of an address the user types). No Node and no DOM here.

export const GECKO_ID = 'vertraulich@vertraulich.app';
export const XPI_NAME = 'vertraulich-thunderbird.xpi';

/**
 * The match pattern for a service address. Match patterns carry no port (MDN "Match patterns"), so
 * the pattern covers every port of the host; the path is widened to the whole host.
 */
export function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

export interface Manifest {
  host_permissions?: string[];
  permissions?: string[];
  [key: string]: unknown;
}

/** The manifest with the service's host permission in place of whatever the template had. */
export function manifestFor(template: Manifest, serviceUrl: string): Manifest {
  return { ...template, host_permissions: [originPattern(serviceUrl)] };
}

export function configFor(serviceUrl: string): { serviceUrl: string } {
  return { serviceUrl: serviceUrl.replace(/\/+$/, '') };
}
