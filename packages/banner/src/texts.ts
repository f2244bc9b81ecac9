/**
 * The banner's own words, in the languages it knows; the notice summary and the
 * purpose texts come from the server in the visitor's language. The banner speaks
 * the notice's language when it knows it, else English. Short sentences, no legal jargon.
 */
export interface Texts {
  region: string;
  title: string;
  chooseTitle: string;
  chooseIntro: string;
  acceptAll: string;
  rejectAll: string;
  choose: string;
  save: string;
  close: string;
  reopen: string;
  privacyCenter: string;
  gpc: string;
  saved: string;
  loadFailed: string;
  saveFailed: string;
  offline: string;
  busy: string;
  later: string;
  retry: string;
  /** The label of the language switcher. */
  language: string;
}

const en: Texts = {
  region: 'Privacy choices',
  title: 'Your privacy choices',
  chooseTitle: 'Choose what you allow',
  chooseIntro: 'Turn on only what you are happy with. You can change this at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  choose: 'Choose',
  save: 'Save choices',
  close: 'Close without choosing',
  reopen: 'Privacy choices',
  privacyCenter: 'See all details in the privacy center',
  gpc: 'Your browser asked us not to sell or share your data; we have recorded that.',
  saved: 'Your choices are saved.',
  loadFailed: 'Sorry, we could not load your privacy choices.',
  saveFailed: 'Sorry, we could not save your choices.',
  offline: 'Please check your connection and try again.',
  busy: 'Too many attempts. Please wait a moment and try again.',
  later: 'Please try again.',
  retry: 'Try again',
  language: 'Language',
};

const de: Texts = {
  region: 'Datenschutz-Einstellungen',
  title: 'Ihre Datenschutz-Einstellungen',
  chooseTitle: 'Wählen Sie, was Sie erlauben',
  chooseIntro: 'Schalten Sie nur ein, womit Sie einverstanden sind. Sie können das jederzeit ändern.',
  acceptAll: 'Alle akzeptieren',
  rejectAll: 'Alle ablehnen',
  choose: 'Auswählen',
  save: 'Auswahl speichern',
  close: 'Schließen, ohne zu wählen',
  reopen: 'Datenschutz-Einstellungen',
  privacyCenter: 'Alle Details im Datenschutz-Center',
  gpc: 'Ihr Browser hat uns gebeten, Ihre Daten nicht zu verkaufen oder weiterzugeben; das haben wir festgehalten.',
  saved: 'Ihre Auswahl ist gespeichert.',
  loadFailed: 'Leider konnten wir Ihre Datenschutz-Einstellungen nicht laden.',
  saveFailed: 'Leider konnten wir Ihre Auswahl nicht speichern.',
  offline: 'Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  busy: 'Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es erneut.',
  later: 'Bitte versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
  language: 'Sprache',
};

const fr: Texts = {
  region: 'Choix de confidentialité',
  title: 'Vos choix de confidentialité',
  chooseTitle: 'Choisissez ce que vous autorisez',
  chooseIntro: 'N’activez que ce qui vous convient. Vous pouvez changer d’avis à tout moment.',
  acceptAll: 'Tout accepter',
  rejectAll: 'Tout refuser',
  choose: 'Choisir',
  save: 'Enregistrer mes choix',
  close: 'Fermer sans choisir',
  reopen: 'Choix de confidentialité',
  privacyCenter: 'Tous les détails dans l’espace confidentialité',
  gpc: 'Votre navigateur nous a demandé de ne pas vendre ni partager vos données ; nous l’avons enregistré.',
  saved: 'Vos choix sont enregistrés.',
  loadFailed: 'Désolés, nous n’avons pas pu charger vos choix de confidentialité.',
  saveFailed: 'Désolés, nous n’avons pas pu enregistrer vos choix.',
  offline: 'Vérifiez votre connexion et réessayez.',
  busy: 'Trop de tentatives. Patientez un instant et réessayez.',
  later: 'Veuillez réessayer.',
  retry: 'Réessayer',
  language: 'Langue',
};

const es: Texts = {
  region: 'Opciones de privacidad',
  title: 'Tus opciones de privacidad',
  chooseTitle: 'Elige lo que permites',
  chooseIntro: 'Activa solo lo que te parezca bien. Puedes cambiarlo en cualquier momento.',
  acceptAll: 'Aceptar todo',
  rejectAll: 'Rechazar todo',
  choose: 'Elegir',
  save: 'Guardar opciones',
  close: 'Cerrar sin elegir',
  reopen: 'Opciones de privacidad',
  privacyCenter: 'Todos los detalles en el centro de privacidad',
  gpc: 'Tu navegador nos pidió que no vendamos ni compartamos tus datos; lo hemos registrado.',
  saved: 'Tus opciones se han guardado.',
  loadFailed: 'Lo sentimos, no pudimos cargar tus opciones de privacidad.',
  saveFailed: 'Lo sentimos, no pudimos guardar tus opciones.',
  offline: 'Comprueba tu conexión e inténtalo de nuevo.',
  busy: 'Demasiados intentos. Espera un momento e inténtalo de nuevo.',
  later: 'Inténtalo de nuevo.',
  retry: 'Reintentar',
  language: 'Idioma',
};

const it: Texts = {
  region: 'Scelte sulla privacy',
  title: 'Le tue scelte sulla privacy',
  chooseTitle: 'Scegli cosa consenti',
  chooseIntro: 'Attiva solo ciò che ti va bene. Puoi cambiare idea in qualsiasi momento.',
  acceptAll: 'Accetta tutto',
  rejectAll: 'Rifiuta tutto',
  choose: 'Scegli',
  save: 'Salva le scelte',
  close: 'Chiudi senza scegliere',
  reopen: 'Scelte sulla privacy',
  privacyCenter: 'Tutti i dettagli nel centro privacy',
  gpc: 'Il tuo browser ci ha chiesto di non vendere né condividere i tuoi dati; lo abbiamo registrato.',
  saved: 'Le tue scelte sono salvate.',
  loadFailed: 'Ci dispiace, non siamo riusciti a caricare le tue scelte sulla privacy.',
  saveFailed: 'Ci dispiace, non siamo riusciti a salvare le tue scelte.',
  offline: 'Controlla la connessione e riprova.',
  busy: 'Troppi tentativi. Aspetta un momento e riprova.',
  later: 'Riprova.',
  retry: 'Riprova',
  language: 'Lingua',
};

const nl: Texts = {
  region: 'Privacykeuzes',
  title: 'Jouw privacykeuzes',
  chooseTitle: 'Kies wat je toestaat',
  chooseIntro: 'Zet alleen aan waar je het mee eens bent. Je kunt dit altijd wijzigen.',
  acceptAll: 'Alles accepteren',
  rejectAll: 'Alles weigeren',
  choose: 'Kiezen',
  save: 'Keuzes opslaan',
  close: 'Sluiten zonder te kiezen',
  reopen: 'Privacykeuzes',
  privacyCenter: 'Alle details in het privacycentrum',
  gpc: 'Je browser heeft ons gevraagd je gegevens niet te verkopen of te delen; dat hebben we vastgelegd.',
  saved: 'Je keuzes zijn opgeslagen.',
  loadFailed: 'Sorry, we konden je privacykeuzes niet laden.',
  saveFailed: 'Sorry, we konden je keuzes niet opslaan.',
  offline: 'Controleer je verbinding en probeer het opnieuw.',
  busy: 'Te veel pogingen. Wacht even en probeer het opnieuw.',
  later: 'Probeer het opnieuw.',
  retry: 'Opnieuw proberen',
  language: 'Taal',
};

const pl: Texts = {
  region: 'Ustawienia prywatności',
  title: 'Twoje ustawienia prywatności',
  chooseTitle: 'Wybierz, na co się zgadzasz',
  chooseIntro: 'Włącz tylko to, co Ci odpowiada. Możesz to zmienić w każdej chwili.',
  acceptAll: 'Akceptuj wszystko',
  rejectAll: 'Odrzuć wszystko',
  choose: 'Wybierz',
  save: 'Zapisz wybór',
  close: 'Zamknij bez wyboru',
  reopen: 'Ustawienia prywatności',
  privacyCenter: 'Wszystkie szczegóły w centrum prywatności',
  gpc: 'Twoja przeglądarka poprosiła nas, abyśmy nie sprzedawali ani nie udostępniali Twoich danych; zapisaliśmy to.',
  saved: 'Twój wybór został zapisany.',
  loadFailed: 'Przepraszamy, nie udało się wczytać Twoich ustawień prywatności.',
  saveFailed: 'Przepraszamy, nie udało się zapisać Twojego wyboru.',
  offline: 'Sprawdź połączenie i spróbuj ponownie.',
  busy: 'Zbyt wiele prób. Poczekaj chwilę i spróbuj ponownie.',
  later: 'Spróbuj ponownie.',
  retry: 'Spróbuj ponownie',
  language: 'Język',
};

const pt: Texts = {
  region: 'Escolhas de privacidade',
  title: 'As suas escolhas de privacidade',
  chooseTitle: 'Escolha o que permite',
  chooseIntro: 'Ative apenas o que lhe convém. Pode mudar isto a qualquer momento.',
  acceptAll: 'Aceitar tudo',
  rejectAll: 'Recusar tudo',
  choose: 'Escolher',
  save: 'Guardar escolhas',
  close: 'Fechar sem escolher',
  reopen: 'Escolhas de privacidade',
  privacyCenter: 'Todos os detalhes no centro de privacidade',
  gpc: 'O seu navegador pediu-nos para não vender nem partilhar os seus dados; registámos esse pedido.',
  saved: 'As suas escolhas foram guardadas.',
  loadFailed: 'Lamentamos, não foi possível carregar as suas escolhas de privacidade.',
  saveFailed: 'Lamentamos, não foi possível guardar as suas escolhas.',
  offline: 'Verifique a sua ligação e tente novamente.',
  busy: 'Demasiadas tentativas. Aguarde um momento e tente novamente.',
  later: 'Tente novamente.',
  retry: 'Tentar novamente',
  language: 'Idioma',
};

const TEXTS: Record<string, Texts> = { en, de, fr, es, it, nl, pl, pt };

/** The banner's words for a BCP 47 tag (or Accept-Language value), by its language; English when unknown. */
export function textsFor(locale: string | null | undefined): { lang: string; text: Texts } {
  const lang = (locale ?? '')
    .trim()
    .split(/[-_,;\s]/)[0]!
    .toLowerCase();
  const text = TEXTS[lang];
  return text ? { lang, text } : { lang: 'en', text: en };
}
