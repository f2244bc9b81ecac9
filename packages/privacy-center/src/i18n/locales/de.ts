import type { Catalogue } from './en';

/** German. */
export const de: Catalogue = {
  app: {
    documentTitle: 'Datenschutz-Center',
    skipLink: 'Zum Inhalt springen',
    productName: 'Datenschutz-Center',
    erasedHeading: 'Ihre Daten wurden gelöscht',
    pageTitle: 'Ihre Datenschutz-Einstellungen',
    intro:
      'Sehen Sie, was wir mit Ihren Daten tun, ändern Sie Ihre Entscheidungen jederzeit und laden Sie Ihren Nachweis herunter.',
    loading: 'Ihre Einstellungen werden geladen …',
    retry: 'Erneut versuchen',
  },
  token: {
    missingTitle: 'Dieser Link ist unvollständig',
    missingBody:
      'Das Datenschutz-Center öffnet sich über einen persönlichen Link in Ihrem Konto. Dieser Link fehlt in der Adresse, daher können wir Ihre Einstellungen nicht anzeigen.',
    missingAction: 'Gehen Sie zurück zu Ihren Kontoeinstellungen und öffnen Sie das Datenschutz-Center von dort.',
    expiredTitle: 'Dieser Link ist abgelaufen oder ungültig',
    expiredBody:
      'Zu Ihrer Sicherheit gilt ein Link zum Datenschutz-Center nur kurze Zeit. Dieser ist abgelaufen oder wurde nicht vollständig kopiert.',
    expiredAction:
      'Gehen Sie zurück zu Ihren Kontoeinstellungen und öffnen Sie das Datenschutz-Center erneut. Ihre Entscheidungen sind gespeichert.',
    forbiddenTitle: 'Dieser Link gehört zu keinem persönlichen Datenschutz-Center',
    forbiddenBody:
      'Der verwendete Link gehört nicht zum Konto einer Person, daher gibt es keine Einstellungen anzuzeigen.',
  },
  errors: {
    generic: 'Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.',
    network: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    rateLimited: 'Zu viele Anfragen in kurzer Zeit. Warten Sie einen Moment und versuchen Sie es dann erneut.',
    expired: 'Ihr Link ist abgelaufen. Öffnen Sie das Datenschutz-Center erneut über Ihre Kontoeinstellungen.',
    notApplicable: 'Für diesen Zweck wird keine Einwilligung eingeholt, daher gibt es nichts zu ändern.',
    erased:
      'Ihre identifizierenden Daten wurden auf Ihren Wunsch aus unseren Einwilligungsdaten gelöscht; hier kann nichts mehr gespeichert werden.',
    loadFailed: 'Wir konnten {{what}} nicht laden.',
  },
  notice: {
    heading: 'Unsere Datenschutzhinweise',
    version: 'Version {{version}}, veröffentlicht am {{date}}',
    effective: 'Gültig seit {{date}}',
    what: 'die Datenschutzhinweise',
    language: 'Sprache der Hinweise',
  },
  consents: {
    heading: 'Entscheidungen, die Ihre Einwilligung brauchen',
    intro:
      'Diese Dinge tun wir nur, wenn Sie es erlauben. Sie können jede Einwilligung jederzeit ein- oder ausschalten; sie gilt sofort.',
    none: 'Derzeit braucht nichts Ihre Einwilligung.',
    what: 'Ihre Einstellungen',
    status: {
      GRANTED: 'Erlaubt',
      NOT_GIVEN: 'Nicht erlaubt',
      WITHDRAWN: 'Nicht erlaubt',
      RECONSENT_REQUIRED: 'Nicht erlaubt: geändert, braucht erneut Ihre Einwilligung',
      NOT_APPLICABLE: 'Keine Einwilligung nötig',
      REFUSED: 'Sie haben Nein gesagt',
    },
    lastChanged: 'Zuletzt geändert am {{date}}',
    neverChanged: 'Noch keine Entscheidung erfasst.',
    saving: 'Wird gespeichert …',
    saveFailed: 'Ihre Entscheidung für „{{title}}“ konnte nicht gespeichert werden und wurde zurückgesetzt. {{reason}}',
    dismiss: 'Schließen',
    welcomeIntro:
      'Wählen Sie, was Sie erlauben. Nichts ist eingeschaltet, bis Sie es einschalten; ein Nein schränkt den Dienst nicht ein.',
    acceptAll: 'Alle akzeptieren',
    rejectAll: 'Alle ablehnen',
    acceptedAll: 'Gespeichert: Sie haben all dies erlaubt. Sie können jeden Punkt jederzeit ausschalten.',
    rejectedAll: 'Gespeichert: Sie haben zu all dem Nein gesagt. Sie können jeden Punkt jederzeit einschalten.',
    withdrawAll: 'Alle widerrufen',
    withdrewAll:
      'Gespeichert: Sie haben jede erteilte Einwilligung widerrufen. Sie können jeden Punkt jederzeit wieder einschalten.',
    saveAllFailed: 'Ihre Entscheidungen konnten nicht gespeichert werden; es hat sich nichts geändert. {{reason}}',
    sayNo: 'Nein sagen',
    sayNoTo: 'Nein sagen zu „{{title}}“',
    gpcHint: 'Global Privacy Control gilt: Sendet Ihr Browser das Signal, werten wir es als Nein.',
  },
  gpc: {
    recorded: 'Ihr Browser hat uns gebeten, Ihre Daten nicht zu verkaufen oder weiterzugeben; das haben wir erfasst.',
    recording: 'Ihr Browser hat uns gebeten, Ihre Daten nicht zu verkaufen oder weiterzugeben; wir erfassen das …',
    failed:
      'Ihr Browser hat uns gebeten, Ihre Daten nicht zu verkaufen oder weiterzugeben, aber wir konnten das noch nicht erfassen. {{reason}}',
  },
  otherBases: {
    heading: 'Verarbeitung, die keine Einwilligung braucht',
    intro:
      'Hierfür stützen wir uns auf eine andere Rechtsgrundlage, daher gibt es nichts ein- oder auszuschalten. Sie können uns trotzdem dazu fragen und, wo das Gesetz es erlaubt, widersprechen.',
    none: 'Derzeit verarbeiten wir Ihre Daten auf keiner anderen Grundlage.',
    basisLabel: 'Warum wir das dürfen:',
    basis: {
      CONTRACT: 'Nötig, um den Dienst zu erbringen, für den Sie sich angemeldet haben.',
      LEGAL_OBLIGATION: 'Gesetzlich vorgeschrieben, z. B. durch das Steuerrecht.',
      LEGITIMATE_INTERESTS:
        'In unserem berechtigten Interesse, abgewogen gegen Ihre Rechte, z. B. um den Dienst sicher zu halten. Sie können widersprechen.',
      VITAL_INTERESTS: 'Nötig, um Leben oder Gesundheit eines Menschen zu schützen.',
      PUBLIC_TASK: 'Nötig für eine Aufgabe im öffentlichen Interesse, mit der wir betraut sind.',
      CONSENT: 'Nur mit Ihrer Einwilligung.',
    },
  },
  prompt: {
    heading: 'Unsere Datenschutzhinweise haben sich geändert',
    intro:
      'Wir haben unsere Datenschutzhinweise aktualisiert (Version {{version}}). Bitte entscheiden Sie zu jedem Punkt unten. Bis dahin ist nichts erlaubt.',
    openHeading: 'Einige Entscheidungen sind noch offen',
    openIntro: 'Bitte entscheiden Sie zu jedem Punkt unten. Bis dahin ist nichts erlaubt.',
    newPurpose: 'Neu',
    changedPurpose: 'Geändert',
    before: 'Vorher (Version {{version}})',
    beforeAgreed: 'Vorher (Version {{version}}, der Sie zugestimmt haben)',
    now: 'Jetzt (Version {{version}})',
    choice: 'Ihre Entscheidung für „{{title}}“',
    allow: 'Erlauben',
    deny: 'Nicht erlauben',
    saved: {
      GRANT: 'Gespeichert: erlaubt.',
      WITHDRAW: 'Gespeichert: nicht erlaubt.',
      REFUSE: 'Gespeichert: nicht erlaubt.',
    },
    decideLater: 'Später entscheiden',
    decideLaterHint: 'Später entscheiden erlaubt nichts. Wir fragen beim nächsten Mal erneut.',
    allDecided: 'Danke, Ihre Entscheidungen sind gespeichert.',
    close: 'Schließen',
  },
  receipt: {
    button: 'Beleg herunterladen',
    preparing: 'Beleg wird erstellt …',
    saved: 'Gespeichert als {{fileName}}.',
    failed: 'Der Beleg konnte nicht erstellt werden: {{reason}}',
    summaryHeading: 'Was der Beleg aussagt',
    summary: {
      given: 'Einwilligung erteilt am {{when}} für „{{purpose}}“.',
      refused: 'Einwilligung abgelehnt am {{when}} für „{{purpose}}“.',
      withdrawn: 'Einwilligung widerrufen am {{when}} für „{{purpose}}“.',
    },
    explain:
      'Die Datei ist dieser Eintrag mit unserer Signatur (JSON Web Signature). Jede Person kann sie mit unseren öffentlichen Schlüsseln unter /.well-known/jwks.json prüfen; ein geändertes Byte lässt die Prüfung scheitern.',
    fingerprint: 'Fingerabdruck im Register:',
  },
  history: {
    heading: 'Ihr Verlauf',
    intro: 'Jede für Sie erfasste Entscheidung, die neueste zuerst. Einträge werden nie geändert oder gelöscht.',
    what: 'Ihren Verlauf',
    empty: 'Noch keine Entscheidungen erfasst.',
    action: {
      GRANT: 'Erlaubt: {{title}}',
      WITHDRAW: 'Widerrufen: {{title}}',
      REFUSE: 'Nein gesagt zu {{title}}',
      ERASE: 'Ihre identifizierenden Daten wurden gelöscht',
    },
    when: 'Wann',
    how: 'Wie',
    notice: 'Unter Hinweisen',
    method: {
      toggle: 'Mit einem Schalter in diesem Datenschutz-Center',
      prompt: 'Auf Nachfrage in diesem Datenschutz-Center',
      sayNo: 'Mit „Nein sagen“ in diesem Datenschutz-Center',
      acceptAll: 'Mit „Alle akzeptieren“ in diesem Datenschutz-Center',
      rejectAll: 'Mit „Alle ablehnen“ in diesem Datenschutz-Center',
      withdrawAll: 'Mit „Alle widerrufen“ in diesem Datenschutz-Center',
      gpc: 'Durch das Global-Privacy-Control-Signal Ihres Browsers',
      banner: 'Mit dem Datenschutz-Banner auf unserer Website',
    },
    channel: {
      OFFLINE: 'Telefonisch beim Support oder persönlich',
      API: 'Über unsere Systeme (API)',
      EMAIL: 'Per E-Mail',
      MOBILE: 'In der mobilen App',
      WEB: 'Auf der Website',
    },
    recordedBy: {
      SUPPORT: '{{how}}, erfasst von unserem Support',
      ADMIN: '{{how}}, erfasst von einer Administratorin oder einem Administrator',
    },
    noticeVersion: 'Version {{version}}',
    showNotice: 'Hinweise Version {{version}} anzeigen',
    hideNotice: 'Hinweise Version {{version}} ausblenden',
    noticeMissing: 'Diese Version der Hinweise wurde nicht gefunden.',
    noticeWhat: 'diese Version der Hinweise',
    shown_one: '{{shown}} von {{count}} Eintrag angezeigt',
    shown_other: '{{shown}} von {{count}} Einträgen angezeigt',
    loadMore: 'Mehr laden',
    loadingMore: 'Wird geladen …',
  },
  accessLog: {
    heading: 'Wer Ihre Einwilligungen angesehen hat',
    intro:
      'Jedes Mal, wenn jemand aus unserem Unternehmen oder eines unserer Systeme Ihre Einwilligungsdaten gelesen hat, steht es hier, das Neueste zuerst. Ihre eigenen Besuche dieser Seite stehen nicht hier.',
    what: 'wer Ihre Einwilligungen angesehen hat',
    empty: 'Niemand hat Ihre Einwilligungsdaten angesehen.',
    who: 'Wer',
    whatLabel: 'Was',
    when: 'Wann',
    viewer: {
      SUPPORT: 'Unser Support-Team',
      ADMIN: 'Eine Administratorin oder ein Administrator',
      SERVICE: 'Eines unserer Systeme',
    },
    named: '{{who}} ({{name}})',
    operation: {
      subject: 'Hat Ihre aktuellen Entscheidungen angesehen',
      consentHistory: 'Hat Ihren Verlauf angesehen',
      consentReceipt: 'Hat einen Nachweis einer Ihrer Entscheidungen heruntergeladen',
      other: 'Hat Ihre Einwilligungsdaten angesehen',
    },
  },
  download: {
    heading: 'Meinen Nachweis herunterladen',
    intro:
      'Eine JSON-Datei mit Ihren aktuellen Entscheidungen und Ihrem vollständigen Verlauf, einschließlich der zu jedem Eintrag gespeicherten Nachweise.',
    button: 'Meinen Nachweis herunterladen',
    preparing: 'Ihre Datei wird vorbereitet …',
    done: 'Ihre Datei wurde heruntergeladen.',
    failed: 'Ihre Datei konnte nicht vorbereitet werden. {{reason}}',
    fileName: 'mein-einwilligungsnachweis-{{date}}.json',
  },
};
