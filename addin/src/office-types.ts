// The slice of Office.js (Outlook, Mailbox requirement sets 1.8–1.14) that the add-in uses, typed
// here instead of pulling the global `Office` namespace of @microsoft/office-js into the whole
// project. Shapes follow learn.microsoft.com/javascript/api/outlook; tests implement the same
// interfaces with fakes.

export interface AsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error?: { name?: string; message: string; code?: number };
}

export type Callback<T> = (result: AsyncResult<T>) => void;

export interface EmailAddressDetails {
  emailAddress: string;
  displayName?: string;
}

export interface Recipients {
  getAsync(callback: Callback<EmailAddressDetails[]>): void;
}

export interface AttachmentDetails {
  id: string;
  name: string;
  contentType?: string;
  size: number;
  /** 'file' | 'item' (an attached message) | 'cloud' (a link to OneDrive etc.). */
  attachmentType: string;
  isInline?: boolean;
}

export interface AttachmentContent {
  /** 'base64' for files, 'eml' for attached messages, 'url' for cloud links, 'iCalendar'. */
  format: string;
  content: string;
}

export interface CustomProperties {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback: Callback<void>): void;
}

export interface SessionData {
  getAsync(name: string, callback: Callback<string>): void;
  setAsync(name: string, value: string, callback: Callback<void>): void;
  removeAsync(name: string, callback: Callback<void>): void;
}

export interface ComposeItem {
  to: Recipients;
  cc: Recipients;
  bcc: Recipients;
  subject: { getAsync(callback: Callback<string>): void };
  body: { getAsync(coercionType: 'html' | 'text', callback: Callback<string>): void };
  getAttachmentsAsync(callback: Callback<AttachmentDetails[]>): void;
  getAttachmentContentAsync(id: string, callback: Callback<AttachmentContent>): void;
  loadCustomPropertiesAsync(callback: Callback<CustomProperties>): void;
  /** Mailbox 1.11. */
  sessionData?: SessionData;
  /** Mailbox 1.14 (discardItem needs 1.14); absent before. */
  closeAsync?(options: { discardItem: boolean }, callback: Callback<void>): void;
  /** Mailbox 1.7+: 'olkRecipientsChanged', 'olkAttachmentsChanged' (Office.EventType values). */
  addHandlerAsync?(eventType: string, handler: () => void, callback?: Callback<void>): void;
  /** Mailbox 1.3: closes the compose form; Outlook asks whether to save a changed draft. */
  close?(): void;
}

export interface RoamingSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: Callback<void>): void;
}

export interface OfficeContext {
  displayLanguage: string;
  roamingSettings: RoamingSettings;
  requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  mailbox: { item: ComposeItem | null | undefined; userProfile?: { emailAddress: string } };
}

/** Office.SmartAlertsEventCompletedOptions; cancelLabel and commandId are Mailbox 1.14. */
export interface SendEventCompletedOptions {
  allowEvent: boolean;
  errorMessage?: string;
  /** The label of the dialog's "don't send" button, which then runs the command below. */
  cancelLabel?: string;
  /** The id of a task-pane button in the manifest, opened from the Smart Alerts dialog. */
  commandId?: string;
}

export interface SendEvent {
  completed(options?: SendEventCompletedOptions): void;
}

export interface OfficeGlobal {
  onReady(): Promise<{ host: string | null; platform: string | null }>;
  context: OfficeContext;
  actions?: { associate(name: string, handler: (event: SendEvent) => unknown): void };
}
