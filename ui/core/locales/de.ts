// German: every text the clients show, in ICU MessageFormat (read by intl-messageformat): `{name}`
// is a value, `{n, plural, one {# Minute} other {# Minuten}}` a plural chosen by Intl.PluralRules.
// This file defines the keys; every other language file has the same keys (the type checker says
// so) and the same placeholders (ui/core/i18n.test.ts says so). Sections: `client` for the Outlook
// pane and the Thunderbird pages, `portal` for the web portal, `open` for the /open page; the
// server's texts follow (the sealed mail's cover, ZIP and PDF, the receipt, the SMS, account mails),
// so a sender reads the same words in the portal as in the mail the service sends for them.

export const de = {
  client: {
    appName: 'vertraulich',
    signInTitle: 'Anmelden',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    apiKey: 'API-Schlüssel (statt Passwort)',
    signIn: 'Anmelden',
    signOut: 'Abmelden',
    signedInAs: 'Angemeldet als {email}',
    confidential: 'Auch beim normalen Senden versiegeln',
    confidentialHint:
      'Die Nachricht wird als verschlüsselte ZIP-Datei und verschlüsseltes PDF verschickt. Das Passwort erhalten Sie hier.',
    recipients: 'Empfänger',
    attachments: 'Anhänge',
    noAttachments: 'keine',
    phone: 'Handynummer für das Passwort per SMS',
    phonePlaceholder: '0170 1234567',
    phonesFromDraft: 'SMS an (aus den Empfängern): {phones}',
    zipMethod: 'ZIP-Verschlüsselung',
    zipAes: 'AES-256 (empfohlen)',
    zipCrypto: 'ZipCrypto (alt, unsicher)',
    zipCryptoWarning:
      'ZipCrypto ist schwach und lässt sich knacken. Nur wählen, wenn der Empfänger AES-ZIP-Dateien nicht öffnen kann.',
    sealAndSend: 'Versiegeln und senden',
    sending: 'Wird versiegelt und gesendet …',
    reading: 'Entwurf wird gelesen …',
    sentTitle: 'Gesendet',
    passwordForRecipient: 'Passwort für den Empfänger',
    copy: 'Kopieren',
    copied: 'Kopiert',
    spellOut: 'Buchstabieren',
    hideSpelling: 'Buchstabieren ausblenden',
    deliveryStatus: 'Zustellung',
    statusSent: 'gesendet',
    statusQueued: 'in der Warteschlange',
    statusFailed: 'fehlgeschlagen',
    smsTo: 'SMS an {phone}: {status}',
    // Delivery, per recipient and phone (ui/core/delivery-live.ts); updates while the view is open
    statusDelivered: 'zugestellt',
    smsLine: 'SMS an {phone}',
    relayReply: 'Antwort des Mailservers: {reply}',
    smsReason_unreachable: 'Nummer nicht erreichbar',
    smsReason_unknown_number: 'Unbekannte Nummer',
    smsReason_landline: 'Festnetznummer: kann keine SMS empfangen',
    smsReason_filtered: 'Vom Mobilfunknetz gefiltert',
    smsReason_blocked: 'Empfänger nimmt keine SMS an',
    smsReason_unknown: 'Unbekannter Fehler beim Mobilfunknetz',
    smsReason_not_sent: 'Konnte nicht gesendet werden',
    resendSms: 'SMS noch einmal senden',
    resendingSms: 'SMS wird gesendet …',
    readOut: 'Passwort vorlesen',
    readOutHint: 'Lesen Sie das Passwort am Telefon vor, Gruppe für Gruppe:',
    draftClosed: 'Der Entwurf wurde verworfen; die vertrauliche Fassung ist unterwegs.',
    discardDraft:
      'Bitte verwerfen Sie diesen Entwurf jetzt, ohne ihn zu senden: die vertrauliche Fassung ist schon unterwegs.',
    noRecipients: 'Der Entwurf hat keinen E-Mail-Empfänger. Bitte tragen Sie mindestens eine Adresse ein.',
    badPhone: 'Die Handynummer „{phone}“ ist nicht lesbar.',
    onSendBlocked:
      'Diese Nachricht ist als vertraulich markiert. Bitte senden Sie sie über den Bereich „vertraulich“ (Schaltfläche „Versiegeln und senden“), nicht über „Senden“.',
    onSendOpenPane: 'Vertraulich senden …',
    onSendCheckFailed:
      'vertraulich konnte nicht prüfen, ob diese Nachricht vertraulich ist. Bitte senden Sie sie noch einmal.',
    outsideOutlook: 'Dieser Bereich funktioniert nur in Outlook.',
    // Errors, in plain words (problem+json status → sentence)
    errInvalid: 'Die Angaben sind unvollständig oder fehlerhaft.',
    errLogin: 'E-Mail-Adresse oder Passwort stimmt nicht.',
    errUnauthorized: 'Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.',
    errForbidden: 'Das erlaubt Ihr Tarif nicht. Passwörter per SMS gibt es nur im bezahlten Tarif.',
    errNotFound: 'Nicht gefunden.',
    errTooLarge: 'Die Anhänge sind zu groß für eine vertrauliche Nachricht.',
    errRateLimited:
      'Zu viele Versuche. Bitte warten Sie {minutes, plural, one {# Minute} other {# Minuten}} und versuchen Sie es dann erneut.',
    errServer: 'Beim Dienst ist ein Fehler aufgetreten. Bitte versuchen Sie es in einigen Minuten erneut.',
    errNetwork:
      'Der Dienst ist nicht erreichbar. Bitte prüfen Sie die Internetverbindung und versuchen Sie es erneut.',
    nothingSent: 'Es wurde nichts gesendet.',
    errUnverified: 'Bitte bestätigen Sie Ihre Adresse: Wir haben Ihnen einen Link geschickt.',
    resendLink: 'Link noch einmal senden',
    linkResent: 'Der Link ist unterwegs. Bitte sehen Sie in Ihrem Postfach nach.',
    errSuspended:
      'Ihr Konto ist gesperrt: Es wird nichts gesendet. Bitte wenden Sie sich an den Betreiber des Dienstes.',
    errQuota:
      'Ein Limit Ihres Kontos ist erreicht. Bitte versuchen Sie es {unit, select, hours {in {n, plural, one {# Stunde} other {# Stunden}}} other {in {n, plural, one {# Minute} other {# Minuten}}}} erneut.',
    errQuotaLater: 'Ein Limit Ihres Kontos ist erreicht. Bitte versuchen Sie es später erneut.',
    errFields: 'Bitte prüfen Sie: {fields}.',
    field_recipients: 'Empfänger',
    field_phone: 'Handynummer',
    field_name: 'Name',
    field_email: 'E-Mail-Adresse',
    field_password: 'Passwort',
    field_subject: 'Betreff',
    field_attachments: 'Anhänge',
    field_text: 'Nachrichtentext',
    field_other: 'Angaben',
    errReadDraft:
      'Outlook hat den Entwurf nicht herausgegeben. Bitte speichern Sie ihn und versuchen Sie es erneut.',
    discardNow: 'Entwurf verwerfen',
    afterSend:
      'Geben Sie dem Empfänger das Passwort auf anderem Weg als per E-Mail, etwa am Telefon. Verwerfen Sie danach diesen Entwurf, ohne ihn zu senden.',
  },
  portal: {
    tagline: 'Vertrauliche E-Mail aus jedem Browser',
    language: 'Sprache',
    navCompose: 'Verfassen',
    navHistory: 'Verlauf',
    navSettings: 'Konto',
    navHelp: 'Add-ins',
    signOut: 'Abmelden',

    signInTitle: 'Anmelden',
    signUpTitle: 'Konto anlegen',
    signUpIntro:
      'Kostenlos, ohne Software: Nachrichten werden als verschlüsselte ZIP- und PDF-Datei versendet.',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    newPassword: 'Neues Passwort',
    repeatPassword: 'Passwort wiederholen',
    repeatNewPassword: 'Neues Passwort wiederholen',
    passwordHint: 'Mindestens 10 Zeichen; ein Satz aus mehreren Wörtern ist gut zu merken.',
    name: 'Ihr Name (steht im Absender)',
    signInButton: 'Anmelden',
    signUpButton: 'Konto anlegen',
    noAccount: 'Noch kein Konto? Jetzt anlegen',
    haveAccount: 'Schon ein Konto? Anmelden',
    passwordsDiffer: 'Die beiden Passwörter stimmen nicht überein.',
    passwordTooShort: 'Das Passwort ist zu kurz: mindestens {min} Zeichen.',
    signUpSent:
      'Fast geschafft: Wir haben einen Link an {email} geschickt. Öffnen Sie ihn, um Ihre Adresse zu bestätigen; erst dann können Sie senden. Anmelden können Sie sich schon jetzt.',
    emailTaken: 'Für diese E-Mail-Adresse gibt es schon ein Konto. Melden Sie sich an.',
    badEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse an.',
    wrongLogin: 'E-Mail-Adresse oder Passwort stimmt nicht.',
    lockedUntil:
      'Zu viele Fehlversuche: Die Anmeldung ist vorübergehend gesperrt. Versuchen Sie es ab {time} Uhr wieder (in {minutes, plural, one {# Minute} other {# Minuten}}).',
    lockedSoon:
      'Zu viele Fehlversuche: Die Anmeldung ist vorübergehend gesperrt. Versuchen Sie es später wieder.',
    sessionEnded: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich wieder an.',
    signedOut: 'Sie sind abgemeldet.',

    composeTitle: 'Vertrauliche Nachricht verfassen',
    to: 'An',
    cc: 'Cc',
    bcc: 'Bcc',
    addressesHint: 'Mehrere Adressen mit Komma trennen.',
    phones: 'Telefonnummern für das Passwort per SMS',
    phonesHint: 'Nur im bezahlten Tarif. Mehrere mit Komma trennen; Nummern ohne +49 gelten als deutsche.',
    subject: 'Betreff (wird verschlüsselt)',
    text: 'Nachricht',
    attachments: 'Anhänge',
    chooseFiles: 'Dateien auswählen …',
    removeAttachment: '{name} entfernen',
    zipMethod: 'ZIP-Verschlüsselung',
    zipAes: 'AES-256 (empfohlen)',
    zipCrypto: 'ZipCrypto (nur für sehr alte Entpackprogramme; schwach)',
    mailLanguage: 'Sprache des Begleittextes',
    langDe: 'Deutsch',
    langEn: 'Englisch',
    subjectInClear: 'Betreff unverschlüsselt in die E-Mail schreiben',
    send: 'Verschlüsselt senden',
    uploading: 'Wird hochgeladen: {percent} %',
    sealing: 'Wird verschlüsselt und versendet …',
    needRecipient: 'Bitte geben Sie mindestens einen Empfänger an (An, Cc, Bcc oder Telefonnummer).',
    badAddress: 'Das ist keine gültige E-Mail-Adresse: {value}',
    badPhone: 'Diese Telefonnummer ist nicht lesbar: {phone}',
    smsNeedsPaid:
      'SMS gibt es nur im bezahlten Tarif; es wurde nichts gesendet. Entfernen Sie die Telefonnummern oder lassen Sie Ihren Tarif ändern.',
    nothingSentYet: 'Es wurde nichts gesendet.',
    networkError: 'Keine Verbindung zum Dienst. Bitte prüfen Sie Ihre Internetverbindung.',

    resultTitle: 'Nachricht versendet',
    resultPassword: 'Passwort dieser Nachricht',
    copy: 'Passwort kopieren',
    copied: 'Kopiert.',
    copyFailed: 'Kopieren ging nicht; bitte markieren und abschreiben.',
    spellOut: 'Buchstabieren',
    resultAdvice:
      'Sagen Sie den Empfängern das Passwort auf einem anderen Weg als per E-Mail, z. B. am Telefon. Sie finden es jederzeit im Verlauf.',
    deliveryStatus: 'Zustellung',
    recipient: 'Empfänger',
    smsTo: 'SMS an',
    status: 'Status',
    status_sent: 'versendet',
    status_queued: 'in Zustellung',
    status_failed: 'fehlgeschlagen',
    status_delivered: 'zugestellt',
    status_pending: 'wartet',
    writeAnother: 'Neue Nachricht',

    historyTitle: 'Gesendete Nachrichten',
    historyEmpty: 'Sie haben noch keine vertrauliche Nachricht gesendet.',
    historyReply: 'Vertrauliche Antwort eines Empfängers auf Ihre Nachricht vom {date}',
    historyReplyUnknown: 'Vertrauliche Antwort eines Empfängers auf eine Ihrer Nachrichten',
    historyReplies:
      '{n, plural, one {# vertrauliche Antwort} other {# vertrauliche Antworten}} von Empfängern',
    noSubject: '(ohne Betreff)',
    showPassword: 'Passwort zeigen',
    hidePassword: 'Passwort verbergen',
    loadMore: 'Ältere Nachrichten laden',
    proofTitle: 'Sendenachweis',
    proofPdf: 'Sendenachweis (PDF)',
    proofJson: 'Sendenachweis (JSON)',
    resendMail: 'Erneut senden',
    resendingMail: 'Die gleiche versiegelte Mail wird gesendet …',
    resentMail: 'Die versiegelte Mail wurde erneut gesendet, mit demselben Passwort.',

    settingsTitle: 'Konto',
    accountSection: 'Ihre Angaben',
    planSection: 'Tarif',
    plan_free: 'Kostenlos: verschlüsselte E-Mails, Passwort an Sie.',
    plan_paid: 'Bezahlt: zusätzlich das Passwort per SMS an die Empfänger.',
    planHowTo:
      'Den Tarif ändert der Betreiber dieses Dienstes. Schreiben Sie ihm von {email} aus, welchen Tarif Sie möchten.',
    receiptSection: 'Bestätigungs-Mails',
    receiptLabel: 'Nach jedem Versand über das SMTP-Gateway eine Bestätigung mit dem Passwort an mich senden',
    receiptSaved: 'Gespeichert.',
    passwordSection: 'Passwort ändern',
    currentPassword: 'Bisheriges Passwort',
    changePassword: 'Passwort ändern',
    wrongPassword: 'Das Passwort stimmt nicht.',
    passwordChanged: 'Passwort geändert. Alle anderen Sitzungen sind beendet.',
    keysSection: 'API-Schlüssel',
    keysIntro:
      'Mit einem API-Schlüssel senden das Outlook-Add-in, die Thunderbird-Erweiterung und eigene Programme in Ihrem Namen.',
    keyName: 'Name des neuen Schlüssels (z. B. „Outlook Praxis“)',
    keyPassword: 'Ihr Passwort (ein Schlüssel meldet an wie das Passwort)',
    createKey: 'Schlüssel erstellen',
    keyShownOnce: 'Ihr neuer Schlüssel. Er wird nur dieses eine Mal angezeigt: kopieren Sie ihn jetzt.',
    copyKey: 'Schlüssel kopieren',
    noKeys: 'Noch keine API-Schlüssel.',
    keyCreated: 'erstellt am {date}',
    keyLastUsed: 'zuletzt benutzt am {date}',
    revoke: 'Widerrufen',
    revokeKey: 'Schlüssel „{name}“ widerrufen',
    revoked: 'Der Schlüssel ist widerrufen und funktioniert nicht mehr.',
    deleteSection: 'Konto löschen',
    deleteExplain:
      'Gelöscht werden sofort und endgültig: Ihr Konto, alle API-Schlüssel und Sitzungen und der Verlauf Ihrer gesendeten Nachrichten samt Passwörtern. Bereits versendete E-Mails bleiben bei den Empfängern.',
    deletePassword: 'Ihr Passwort zur Bestätigung',
    deleteButton: 'Konto endgültig löschen',
    deleted: 'Ihr Konto ist gelöscht.',

    helpTitle: 'Add-ins für Ihr E-Mail-Programm',
    helpIntro:
      'Mit einem Add-in senden Sie vertraulich direkt aus dem E-Mail-Programm. Dort melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an oder mit einem API-Schlüssel (unter „Konto“).',
    outlookTitle: 'Outlook (Web, neues Outlook, Windows, Mac)',
    outlookStep1: 'Öffnen Sie in Outlook „Apps abrufen“ bzw. „Add-Ins abrufen“ und dort „Meine Add-Ins“.',
    outlookStep2:
      'Wählen Sie „Benutzerdefiniertes Add-In hinzufügen“ → „Aus URL hinzufügen“ und geben Sie diese Adresse ein:',
    outlookStep3:
      'Beim Verfassen erscheint nun „Vertraulich senden“. Melden Sie sich dort beim ersten Mal an.',
    outlookAdmin:
      'Für ganze Organisationen: Microsoft 365 Admin Center → Integrierte Apps → Benutzerdefinierte Apps hochladen, mit derselben Manifest-Adresse.',
    manifestLink: 'Manifest (manifest.xml)',
    thunderbirdTitle: 'Thunderbird (ab Version 128)',
    thunderbirdStep1: 'Laden Sie die Erweiterung herunter:',
    thunderbirdStep2:
      'Öffnen Sie in Thunderbird „Add-ons und Themes“, klicken Sie auf das Zahnrad und „Add-on aus Datei installieren …“ und wählen Sie die Datei.',
    thunderbirdStep3:
      'Im Verfassen-Fenster erscheint „Vertraulich“. Tragen Sie beim ersten Mal die Adresse des Dienstes ein, {origin}, und melden Sie sich an.',
    xpiLink: 'Thunderbird-Erweiterung (.xpi)',
    openTitle: 'Für Ihre Empfänger',
    openText:
      'Die Empfänger brauchen keine Software: Die PDF-Datei öffnet jedes PDF-Programm, die ZIP-Datei 7-Zip, WinZip oder Keka, oder diese Seite direkt im Browser, ohne etwas hochzuladen:',
    openLink: 'Vertrauliche Nachricht öffnen',

    loading: 'Wird geladen …',

    verifyTitle: 'Adresse bestätigen',
    verifying: 'Ihre Adresse wird bestätigt …',
    verified: 'Ihre E-Mail-Adresse ist bestätigt. Sie können jetzt vertrauliche Nachrichten senden.',
    verifyFailed: 'Dieser Bestätigungslink ist abgelaufen oder wurde schon benutzt.',
    verifyFailedHint: 'Melden Sie sich an; dort können Sie sich einen neuen Link schicken lassen.',
    verifyNoToken: 'Der Link ist unvollständig. Bitte öffnen Sie ihn genau so, wie er in der E-Mail steht.',
    goCompose: 'Nachricht schreiben',
    goSignIn: 'Anmelden',
  },
  open: {
    pageTitle: 'Vertrauliche Nachricht öffnen – vertraulich',
    heading: 'Vertrauliche Nachricht öffnen',
    intro:
      'Sie haben eine vertrauliche E-Mail mit einer verschlüsselten ZIP-Datei bekommen. Hier öffnen Sie sie ohne zusätzliche Software.',
    neverLeaves:
      'Die Datei verlässt nie dieses Gerät: Sie wird hier in Ihrem Browser entschlüsselt, nichts wird hochgeladen.',
    offlineReady: 'Diese Seite funktioniert jetzt auch ohne Internetverbindung.',
    decryptedHere: 'Auf diesem Gerät entschlüsselt. Nichts wurde hochgeladen.',
    switchLanguage: 'English',
    switchLanguageLabel: 'Switch to English',
    fileLabel: '1. ZIP-Datei aus der E-Mail',
    dropHint: 'Datei hierher ziehen oder auswählen',
    fileChosen: 'Gewählt: {name}',
    passwordLabel: '2. Passwort',
    passwordHint: 'Sie haben es per SMS oder vom Absender bekommen, z. B. Kx7m-P2qr-9Tzb-W4nd-Hs3e',
    showPassword: 'Passwort anzeigen',
    open: 'Öffnen',
    opening: 'Wird entschlüsselt …',
    needFile: 'Bitte wählen Sie zuerst die ZIP-Datei aus der E-Mail.',
    needPassword: 'Bitte geben Sie das Passwort ein.',
    'wrong-password':
      'Das Passwort stimmt nicht. Bitte prüfen Sie es Zeichen für Zeichen, mit den Bindestrichen.',
    damaged:
      'Die Datei ließ sich nicht entschlüsseln: Sie ist beschädigt, oder das Passwort stimmt nicht. Bitte prüfen Sie das Passwort und laden Sie die Datei sonst noch einmal aus der E-Mail.',
    truncated:
      'Die Datei ist unvollständig, wohl weil der Download abgebrochen ist. Bitte speichern Sie den Anhang noch einmal aus der E-Mail.',
    'not-ours':
      'Das ist keine vertrauliche Nachricht von vertraulich. Bitte wählen Sie die ZIP-Datei, die an der E-Mail hängt.',
    unexpected: 'Die Datei ließ sich nicht öffnen. Bitte versuchen Sie es noch einmal.',
    from: 'Von',
    to: 'An',
    cc: 'Kopie',
    date: 'Datum',
    subject: 'Betreff',
    noSubject: '(ohne Betreff)',
    message: 'Nachricht',
    noBody: '(Die Nachricht hat keinen Text.)',
    remoteImagesBlocked: 'Bilder aus dem Internet wurden nicht geladen, damit niemand vom Öffnen erfährt.',
    attachments: 'Anhänge',
    noAttachments: 'Keine Anhänge.',
    download: 'Herunterladen',
    downloadNamed: '{name} herunterladen',
    preview: 'Vorschau',
    hidePreview: 'Vorschau schließen',
    previewOf: 'Vorschau von {name}',
    // The PDF preview frame (ui/open/pdf-preview.ts), which draws the pages with pdf.js
    previewLoading: 'Vorschau wird geladen …',
    previewFailed:
      'Diese PDF-Datei lässt sich hier nicht anzeigen. Sie können sie herunterladen und mit einem PDF-Programm öffnen.',
    previewPage: 'Seite {page} von {pages}',
    previewOffline: 'Die Vorschau braucht eine Internetverbindung. Herunterladen geht auch ohne.',
    openAnother: 'Andere Datei öffnen',
    // A forwarded message (an .eml among the attachments), shown on the page (ui/open/main.ts)
    showForwarded: 'Anzeigen',
    showForwardedNamed: '{name} anzeigen',
    forwardedMessage: 'Weitergeleitete Nachricht, aus den Anhängen geöffnet.',
    backToMessage: 'Zurück zur Nachricht',
    footer: 'vertraulich – vertrauliche E-Mail. Entschlüsselt mit zip.js in Ihrem Browser.',
    // The reply on the /open page (ui/open/reply.ts)
    replyStart: 'Antworten',
    replyHeading: 'Vertraulich antworten',
    replyIntro:
      'Ihre Antwort geht nur an den Absender dieser Nachricht, verschlüsselt mit demselben Passwort. Sie wird erst gesendet, wenn Sie „Antwort senden“ drücken.',
    replyFrom: 'Ihre Adresse',
    replyText: 'Ihre Antwort',
    replyFiles: 'Anhänge (freiwillig)',
    replyFilesChosen: '{count, plural, one {# Datei} other {# Dateien}}, {size}',
    replySend: 'Antwort senden',
    replyCancel: 'Abbrechen',
    replySending: 'Wird verschlüsselt und gesendet …',
    replySent: 'Ihre Antwort ist verschlüsselt auf dem Weg zum Absender.',
    replyEmpty: 'Bitte schreiben Sie einen Text oder hängen Sie eine Datei an.',
    replyProof:
      'Die Antwort wurde abgelehnt: Das Passwort passt nicht zu dieser Nachricht. Bitte öffnen Sie die Nachricht noch einmal.',
    replyGone:
      'Auf diese Nachricht kann nicht mehr geantwortet werden: Sie oder das Konto des Absenders wurde gelöscht. Es wurde nichts gesendet.',
    replySuspended: 'Der Absender kann derzeit keine Antworten empfangen. Es wurde nichts gesendet.',
    replyLimit:
      'Auf diese Nachricht wurde schon so oft geantwortet, wie es möglich ist. Es wurde nichts gesendet.',
    replyTooLarge: 'Die Anhänge sind zu groß. Bitte senden Sie weniger oder kleinere Dateien.',
    replyRefused: 'Die Antwort wurde nicht angenommen: {detail}',
    replyOffline:
      'Die Antwort konnte nicht gesendet werden: keine Verbindung. Bitte versuchen Sie es noch einmal.',
    replyFailed: 'Die Antwort konnte nicht gesendet werden. Bitte versuchen Sie es noch einmal.',
  },
  // The server's texts (api/i18n/seal-texts.ts hands the sealing core its words). The sealed mail's
  // cover (api/seal/cover-text.ts puts the paragraphs in order): {sender} is the sender's name,
  // {count} the message's attachments (their number is no secret: the ZIP lists its entries openly).
  cover: {
    subject: 'Vertrauliche Nachricht von {sender}',
    generic: 'Vertrauliche Nachricht',
    zipName: 'vertrauliche-nachricht.zip',
    pdfName: 'vertrauliche-nachricht.pdf',
    someone: 'Der Absender',
    greeting: 'Guten Tag,',
    intro:
      '{sender} hat Ihnen eine vertrauliche Nachricht geschickt. Sie steckt verschlüsselt in den beiden Anhängen dieser E-Mail, beide mit demselben Passwort geschützt. Das Passwort erhalten Sie auf anderem Weg, etwa per SMS oder von {sender} selbst; die Bindestriche gehören dazu.',
    openInBrowser:
      'Am einfachsten im Browser öffnen, auf jedem Gerät: {openUrl} – dort die ZIP-Datei aus dieser E-Mail wählen und das Passwort eingeben. Die Datei verlässt Ihr Gerät nicht.',
    orDirectly: 'Oder die Anhänge direkt öffnen:',
    howToOpen: 'So öffnen Sie die Anhänge:',
    pdfItem:
      '{pdfName}: der Text der Nachricht als PDF. Es öffnet sich in jedem PDF-Programm; auf dem Smartphone antippen, die eingebaute Vorschau fragt nach dem Passwort (Android ab Version 15).',
    zipItem:
      '{count, plural, =0 {{zipName}: die Nachricht im Original (ZIP-Datei, AES-256-verschlüsselt).} one {{zipName}: die Nachricht mit ihrem Anhang im Original (ZIP-Datei, AES-256-verschlüsselt). Der Anhang heißt darin neutral Anhang-01; wie er ursprünglich hieß, steht im PDF.} other {{zipName}: die Nachricht mit allen Anhängen im Original (ZIP-Datei, AES-256-verschlüsselt). Die Anhänge heißen darin neutral Anhang-01, Anhang-02 usw.; welcher welcher ist, steht im PDF.}}',
    windows:
      'Windows: die ZIP-Datei mit 7-Zip (kostenlos, 7-zip.org). Der Windows-Explorer kann AES-256-verschlüsselte ZIP-Dateien nicht öffnen.',
    macos:
      'macOS: die ZIP-Datei mit Keka oder The Unarchiver (kostenlos im App Store). Das Archivierungsprogramm von macOS kann es nicht.',
    missing:
      'Keine Anhänge zu sehen? Manche E-Mail-Systeme entfernen verschlüsselte Anhänge. Bitten Sie {sender}, die Nachricht noch einmal zu senden, oder fragen Sie Ihre IT, ob sie zurückgehalten wurde.',
    replyInClear: 'Eine Antwort auf diese E-Mail geht unverschlüsselt an {sender}.',
    replyConfidentially:
      'Vertraulich antworten: die Nachricht im Browser öffnen (Link oben) und „Antworten“ wählen.',
  },
  // The cover of a confidential reply from the /open page (api/replies): {from} answers {reference}.
  replyCover: {
    subject: 'Vertrauliche Antwort von {from}',
    zipName: 'vertrauliche-antwort.zip',
    pdfName: 'vertrauliche-antwort.pdf',
    greeting: 'Guten Tag,',
    intro:
      '{from} hat vertraulich auf {reference} geantwortet. Die Antwort steckt verschlüsselt in den beiden Anhängen dieser E-Mail, beide mit dem Passwort der Nachricht geschützt, auf die sie antwortet:',
    pdfItem: '{pdfName}: der Text der Antwort als PDF.',
    zipItem:
      '{count, plural, =0 {{zipName}: die Antwort im Original (ZIP-Datei, AES-256-verschlüsselt).} one {{zipName}: die Antwort mit ihrem Anhang im Original (ZIP-Datei, AES-256-verschlüsselt).} other {{zipName}: die Antwort mit allen Anhängen im Original (ZIP-Datei, AES-256-verschlüsselt).}}',
    password: 'Das Passwort steht in Ihrem Verlauf bei der Nachricht, auf die geantwortet wurde.',
    passwordAt:
      'Das Passwort steht in Ihrem Verlauf bei der Nachricht, auf die geantwortet wurde ({publicUrl}).',
    howToOpen:
      'So öffnen Sie die Anhänge: das PDF in jedem PDF-Programm, die ZIP-Datei mit 7-Zip (Windows) oder Keka (macOS)',
    inBrowser: 'oder im Browser: {openUrl} – die Datei verlässt Ihren Computer nicht.',
    // The neutral name of the message answered (api/replies/reference.ts): its date and id, never its subject.
    reference: 'Ihre Nachricht vom {date} UTC ({messageId})',
  },
  // Names inside the sealed ZIP (api/seal/names.ts): the .eml, and the neutral word of Anhang-01.pdf.
  zip: {
    emlName: 'nachricht.eml',
    entryWord: 'Anhang',
  },
  // The sealed PDF (api/seal/pdf.ts).
  pdf: {
    title: 'Vertrauliche Nachricht',
    from: 'Von',
    to: 'An',
    cc: 'Cc',
    date: 'Datum',
    subject: 'Betreff',
    noSubject: '(kein Betreff)',
    attachments: '{count, plural, one {# Anhang} other {# Anhänge}} (in der ZIP-Datei unter neutralem Namen)',
    cut: '[… gekürzt: der vollständige Text steht in der ZIP-Datei]',
    page: 'Seite {page} von {pages}',
  },
  // The gateway's receipt to the sender (api/gateway/receipt.ts); {when} is a date and time.
  receipt: {
    subject: 'Ihre vertrauliche Nachricht ist versiegelt verschickt',
    sent: 'Ihre Nachricht wurde am {when} versiegelt verschickt.',
    recipients: 'Empfänger: {recipients}',
    sms: 'Passwort per SMS an: {phones}',
    noSms: 'niemanden',
    history: 'Das Passwort sehen Sie nach der Anmeldung in Ihrem Verlauf: {url}',
    noLink: 'Das Passwort sehen Sie nach der Anmeldung im Portal unter „Verlauf“.',
    handOver: 'Geben Sie es den Empfängern auf einem anderen Weg als per E-Mail (Telefon, SMS, persönlich).',
    footer: 'Diese Bestätigung können Sie im Portal unter „Konto“ abschalten.',
  },
  // The password SMS (api/sms/text.ts): one segment for ordinary names.
  sms: {
    password: 'Passwort für die vertrauliche E-Mail von {sender}: {password}',
  },
  // The mails about an account (api/accounts/account-mail.ts); {link} is the confirmation link or the portal.
  accountMail: {
    verifySubject: 'Bitte bestätigen Sie Ihre E-Mail-Adresse für vertraulich',
    verifyText:
      'Guten Tag,\n\nmit dieser Adresse wurde ein Konto bei vertraulich angelegt. Bevor Sie damit Nachrichten senden können, bestätigen Sie bitte, dass die Adresse Ihnen gehört:\n\n{link}\n\nDer Link gilt {hours, plural, one {# Stunde} other {# Stunden}} und nur einmal. Haben Sie kein Konto angelegt, ignorieren Sie diese E-Mail einfach: ohne Bestätigung wird nichts gesendet.',
    takenSubject: 'Jemand wollte mit Ihrer E-Mail-Adresse ein Konto anlegen',
    takenText:
      'Guten Tag,\n\ngerade hat jemand versucht, mit Ihrer E-Mail-Adresse ein neues Konto bei vertraulich anzulegen. Für diese Adresse gibt es schon Ihr Konto; es wurde nichts geändert.\n\nWaren Sie das? Dann melden Sie sich einfach an: {link}\nPasswort vergessen? Wenden Sie sich an den Betreiber. Waren Sie es nicht, müssen Sie nichts tun.',
    passwordChangedSubject: 'Ihr Passwort für vertraulich wurde geändert',
    passwordChangedText:
      'Guten Tag,\n\ndas Passwort Ihres Kontos bei vertraulich wurde soeben geändert. Alle anderen Anmeldungen wurden dabei beendet.\n\nWaren Sie das, ist nichts weiter zu tun. Waren Sie es nicht, wenden Sie sich bitte sofort an den Betreiber des Dienstes: {link}',
  },
};
