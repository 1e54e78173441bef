// ui/core: host-independent client logic shared by the Outlook add-in (addin/), the Thunderbird
// extension (thunderbird-ext/) and the portal (ui/portal/). Only thin adapters touch a host's API;
// everything from "a plain draft" to "what the user reads" lives here. Import from 'ui/core/index'
// (or the single modules); the exports below are kept stable.

export * from './api-client';
export * from './draft';
export * from './i18n';
export * from './spell';
