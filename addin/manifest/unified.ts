import { addin, addinUrl, type Lang, versionString } from './source';

// The unified app manifest for Microsoft 365 (manifest.json, schema 1.17), built from the same source
// as manifest.xml. It is what new Outlook on Windows, Outlook on the web and the Microsoft 365 admin
// center take; the XML manifest stays for Outlook on Mac and mobile. Shape: Microsoft's
// "Office Add-ins manifest for Microsoft 365" (extensions[0]: runtimes, ribbons, autoRunEvents).
// Strings default to German (the XML manifest's DefaultLocale); English comes from en-us.json.

export const UNIFIED_MANIFEST_VERSION = '1.17';
export const LOCALIZATION_FILE = 'en-us.json';

const TASKPANE_RUNTIME = 'TaskPaneRuntime';
const SEND_RUNTIME = 'SendGuardRuntime';
const OPEN_PANE = 'OpenPane';

const mailbox = (minVersion: string) => ({ capabilities: [{ name: 'Mailbox', minVersion }] });

function strings(lang: Lang) {
  return {
    'name.short': addin.name[lang],
    'name.full': addin.fullName[lang],
    'description.short': addin.shortDescription[lang],
    'description.full': addin.description[lang],
    'extensions[0].ribbons[0].tabs[0].groups[0].label': addin.group[lang],
    'extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label': addin.button[lang],
    'extensions[0].ribbons[0].tabs[0].groups[0].controls[0].supertip.title': addin.button[lang],
    'extensions[0].ribbons[0].tabs[0].groups[0].controls[0].supertip.description': addin.tooltip[lang],
  };
}

/** manifest.json for the given PUBLIC_URL (it must be https: Outlook loads add-ins only over TLS). */
export function unifiedManifest(publicUrl: string): Record<string, unknown> {
  const base = publicUrl.replace(/\/+$/, '');
  const url = (file: string) => addinUrl(base, file);
  const de = strings('de');
  const icons = Object.entries(addin.ribbonIcons).map(([size, file]) => ({
    size: Number(size),
    url: url(file),
  }));
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: UNIFIED_MANIFEST_VERSION,
    id: addin.id,
    version: versionString(3),
    localizationInfo: {
      defaultLanguageTag: 'de-de',
      additionalLanguages: [{ languageTag: 'en-us', file: LOCALIZATION_FILE }],
    },
    developer: {
      name: addin.provider,
      websiteUrl: `${base}/`,
      privacyUrl: `${base}/#/help`,
      termsOfUseUrl: `${base}/#/help`,
    },
    name: { short: de['name.short'], full: de['name.full'] },
    description: { short: de['description.short'], full: de['description.full'] },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: addin.accentColor,
    validDomains: [new URL(base).host],
    authorization: {
      permissions: { resourceSpecific: [{ name: 'MailboxItem.ReadWrite.User', type: 'Delegated' }] },
    },
    extensions: [
      {
        requirements: { scopes: ['mail'], ...mailbox(addin.mailbox.pane) },
        runtimes: [
          {
            requirements: mailbox(addin.mailbox.pane),
            id: TASKPANE_RUNTIME,
            type: 'general',
            code: { page: url(addin.pages.pane) },
            lifetime: 'short',
            actions: [{ id: OPEN_PANE, type: 'openPage' }],
          },
          {
            requirements: mailbox(addin.mailbox.sendGuard),
            id: SEND_RUNTIME,
            type: 'general',
            // Classic Outlook on Windows runs the script directly; the others load the page.
            code: { page: url(addin.pages.runtime), script: url(addin.pages.runtimeScript) },
            lifetime: 'short',
            actions: [{ id: addin.sendHandler, type: 'executeFunction' }],
          },
        ],
        ribbons: [
          {
            contexts: ['mailCompose'],
            tabs: [
              {
                builtInTabId: 'TabDefault',
                groups: [
                  {
                    id: 'composeGroup',
                    label: de['extensions[0].ribbons[0].tabs[0].groups[0].label'],
                    icons,
                    controls: [
                      {
                        id: 'openPane',
                        type: 'button',
                        label: de['extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label'],
                        icons,
                        supertip: {
                          title: de['extensions[0].ribbons[0].tabs[0].groups[0].controls[0].supertip.title'],
                          description:
                            de['extensions[0].ribbons[0].tabs[0].groups[0].controls[0].supertip.description'],
                        },
                        actionId: OPEN_PANE,
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
        // Smart Alerts: soft block, so a draft marked confidential cannot leave unsealed, while
        // ordinary mail still goes out when the add-in is unavailable (as in manifest.xml).
        autoRunEvents: [
          {
            requirements: mailbox(addin.mailbox.sendGuard),
            events: [
              { type: 'messageSending', actionId: addin.sendHandler, options: { sendMode: 'softBlock' } },
            ],
          },
        ],
        alternates: [
          {
            alternateIcons: {
              icon: { size: 64, url: url(addin.icon) },
              highResolutionIcon: { size: 64, url: url(addin.highResolutionIcon) },
            },
          },
        ],
      },
    ],
  };
}

/** en-us.json: the English strings of manifest.json (localizationInfo.additionalLanguages). */
export function unifiedLocalization(): Record<string, string> {
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`,
    ...strings('en'),
  };
}
