import type { Catalogue } from './en';

/** French. */
export const fr: Catalogue = {
  app: {
    documentTitle: 'Espace confidentialité',
    skipLink: 'Aller au contenu',
    productName: 'Espace confidentialité',
    erasedHeading: 'Vos données ont été effacées',
    pageTitle: 'Vos choix de confidentialité',
    intro: 'Voyez ce que nous faisons de vos données, modifiez vos choix à tout moment et téléchargez votre relevé.',
    loading: 'Chargement de vos choix…',
    retry: 'Réessayer',
  },
  token: {
    missingTitle: 'Ce lien est incomplet',
    missingBody:
      'L’espace confidentialité s’ouvre depuis un lien personnel dans votre compte. Ce lien ne figure pas dans cette adresse : nous ne pouvons donc pas afficher vos choix.',
    missingAction: 'Retournez dans les paramètres de votre compte et ouvrez l’espace confidentialité depuis là.',
    expiredTitle: 'Ce lien a expiré ou n’est pas valide',
    expiredBody:
      'Pour votre sécurité, un lien vers l’espace confidentialité ne fonctionne que peu de temps. Celui-ci a expiré ou n’a pas été copié en entier.',
    expiredAction:
      'Retournez dans les paramètres de votre compte et rouvrez l’espace confidentialité. Vos choix sont enregistrés.',
    forbiddenTitle: 'Ce lien ne mène pas à un espace confidentialité personnel',
    forbiddenBody: 'Le lien utilisé n’appartient pas au compte d’une personne : il n’y a donc aucun choix à afficher.',
  },
  errors: {
    generic: 'Un problème est survenu de notre côté. Veuillez réessayer dans un instant.',
    network: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
    rateLimited: 'Trop de demandes en peu de temps. Patientez un instant, puis réessayez.',
    expired: 'Votre lien a expiré. Rouvrez l’espace confidentialité depuis les paramètres de votre compte.',
    notApplicable: 'Ce traitement ne repose pas sur le consentement : il n’y a rien à modifier.',
    erased:
      'Vos données d’identification ont été effacées de nos registres de consentement à votre demande : plus rien ne peut être enregistré ici.',
    loadFailed: 'Nous n’avons pas pu charger {{what}}.',
  },
  notice: {
    heading: 'Notre politique de confidentialité',
    version: 'Version {{version}}, publiée le {{date}}',
    effective: 'En vigueur depuis le {{date}}',
    what: 'la politique de confidentialité',
    language: 'Langue de la politique',
  },
  consents: {
    heading: 'Choix qui demandent votre consentement',
    intro:
      'Nous ne faisons ces choses que si vous les autorisez. Activez ou désactivez chacune à tout moment ; votre choix s’applique aussitôt.',
    none: 'Rien ne demande votre consentement pour le moment.',
    what: 'vos choix',
    status: {
      GRANTED: 'Autorisé',
      NOT_GIVEN: 'Non autorisé',
      WITHDRAWN: 'Non autorisé',
      RECONSENT_REQUIRED: 'Non autorisé : modifié, votre consentement est de nouveau nécessaire',
      NOT_APPLICABLE: 'Aucun consentement nécessaire',
      REFUSED: 'Vous avez dit non',
    },
    lastChanged: 'Modifié le {{date}}',
    neverChanged: 'Aucun choix enregistré pour l’instant.',
    saving: 'Enregistrement…',
    saveFailed:
      'Nous n’avons pas pu enregistrer votre choix pour « {{title}} » : il est revenu à l’état précédent. {{reason}}',
    dismiss: 'Fermer',
    welcomeIntro:
      'Choisissez ce que vous autorisez. Rien n’est activé tant que vous ne l’activez pas ; dire non ne limite pas le service.',
    acceptAll: 'Tout accepter',
    rejectAll: 'Tout refuser',
    acceptedAll: 'Enregistré : vous avez tout autorisé. Vous pouvez désactiver chaque point à tout moment.',
    rejectedAll: 'Enregistré : vous avez tout refusé. Vous pouvez activer chaque point à tout moment.',
    withdrawAll: 'Tout retirer',
    withdrewAll:
      'Enregistré : vous avez retiré chaque consentement donné. Vous pouvez réactiver chaque point à tout moment.',
    saveAllFailed: 'Nous n’avons pas pu enregistrer vos choix : rien n’a changé. {{reason}}',
    sayNo: 'Dire non',
    sayNoTo: 'Dire non à « {{title}} »',
    gpcHint: 'Global Privacy Control s’applique : si votre navigateur envoie ce signal, nous le comptons comme un non.',
  },
  gpc: {
    recorded: 'Votre navigateur nous a demandé de ne pas vendre ni partager vos données ; nous l’avons enregistré.',
    recording: 'Votre navigateur nous a demandé de ne pas vendre ni partager vos données ; nous l’enregistrons…',
    failed:
      'Votre navigateur nous a demandé de ne pas vendre ni partager vos données, mais nous n’avons pas encore pu l’enregistrer. {{reason}}',
  },
  otherBases: {
    heading: 'Traitements qui ne demandent pas votre consentement',
    intro:
      'Ici, nous nous appuyons sur une autre base légale : il n’y a rien à activer ou désactiver. Vous pouvez tout de même nous poser vos questions, et vous y opposer quand la loi le permet.',
    none: 'Nous ne traitons actuellement vos données sur aucune autre base.',
    basisLabel: 'Pourquoi nous pouvons le faire :',
    basis: {
      CONTRACT: 'Nécessaire pour fournir le service auquel vous vous êtes inscrit.',
      LEGAL_OBLIGATION: 'Exigé par la loi, par exemple le droit fiscal.',
      LEGITIMATE_INTERESTS:
        'Dans notre intérêt légitime, mis en balance avec vos droits, par exemple pour garder le service sûr. Vous pouvez vous y opposer.',
      VITAL_INTERESTS: 'Nécessaire pour protéger la vie ou la santé d’une personne.',
      PUBLIC_TASK: 'Nécessaire à une mission d’intérêt public qui nous est confiée.',
      CONSENT: 'Uniquement avec votre consentement.',
    },
  },
  prompt: {
    heading: 'Notre politique de confidentialité a changé',
    intro:
      'Nous avons mis à jour notre politique de confidentialité (version {{version}}). Merci de décider pour chaque point ci-dessous. Rien n’est autorisé tant que vous n’avez pas choisi.',
    openHeading: 'Certains choix restent à faire',
    openIntro: 'Merci de décider pour chaque point ci-dessous. Rien n’est autorisé tant que vous n’avez pas choisi.',
    newPurpose: 'Nouveau',
    changedPurpose: 'Modifié',
    before: 'Avant (version {{version}})',
    beforeAgreed: 'Avant (version {{version}}, celle que vous aviez acceptée)',
    now: 'Maintenant (version {{version}})',
    choice: 'Votre choix pour « {{title}} »',
    allow: 'Autoriser',
    deny: 'Ne pas autoriser',
    saved: {
      GRANT: 'Enregistré : autorisé.',
      WITHDRAW: 'Enregistré : non autorisé.',
      REFUSE: 'Enregistré : non autorisé.',
    },
    decideLater: 'Décider plus tard',
    decideLaterHint: 'Décider plus tard n’autorise rien. Nous vous redemanderons la prochaine fois.',
    allDecided: 'Merci, vos choix sont enregistrés.',
    close: 'Fermer',
  },
  receipt: {
    button: 'Télécharger le justificatif',
    preparing: 'Préparation du justificatif…',
    saved: 'Enregistré sous {{fileName}}.',
    failed: 'Le justificatif n’a pas pu être créé : {{reason}}',
    summaryHeading: 'Ce que dit le justificatif',
    summary: {
      given: 'Consentement donné le {{when}} pour « {{purpose}} ».',
      refused: 'Consentement refusé le {{when}} pour « {{purpose}} ».',
      withdrawn: 'Consentement retiré le {{when}} pour « {{purpose}} ».',
    },
    explain:
      'Ce fichier est cette entrée signée par nous (une signature JSON Web Signature). Chacun peut la vérifier avec nos clés publiques sur /.well-known/jwks.json ; un seul octet modifié fait échouer la vérification.',
    fingerprint: 'Empreinte dans le registre :',
  },
  history: {
    heading: 'Votre historique',
    intro:
      'Chaque choix enregistré pour vous, du plus récent au plus ancien. Les entrées ne sont jamais modifiées ni supprimées.',
    what: 'votre historique',
    empty: 'Aucun choix enregistré pour l’instant.',
    action: {
      GRANT: 'Consentement donné : {{title}}',
      WITHDRAW: 'Consentement retiré : {{title}}',
      REFUSE: 'Refusé : {{title}}',
      ERASE: 'Vos données d’identification ont été effacées',
    },
    when: 'Quand',
    how: 'Comment',
    notice: 'Politique en vigueur',
    method: {
      toggle: 'Avec un interrupteur de cet espace confidentialité',
      prompt: 'En réponse à une question dans cet espace confidentialité',
      sayNo: 'Avec « Dire non » dans cet espace confidentialité',
      acceptAll: 'Avec « Tout accepter » dans cet espace confidentialité',
      rejectAll: 'Avec « Tout refuser » dans cet espace confidentialité',
      withdrawAll: 'Avec « Tout retirer » dans cet espace confidentialité',
      gpc: 'Par le signal Global Privacy Control de votre navigateur',
      banner: 'Avec le bandeau de confidentialité de notre site',
    },
    channel: {
      OFFLINE: 'Par un appel au support ou en personne',
      API: 'Par nos systèmes (API)',
      EMAIL: 'Par e-mail',
      MOBILE: 'Dans l’application mobile',
      WEB: 'Sur le site web',
    },
    recordedBy: {
      SUPPORT: '{{how}}, enregistré par notre équipe support',
      ADMIN: '{{how}}, enregistré par un administrateur',
    },
    noticeVersion: 'Version {{version}}',
    showNotice: 'Afficher la version {{version}} de la politique',
    hideNotice: 'Masquer la version {{version}} de la politique',
    noticeMissing: 'Cette version de la politique est introuvable.',
    noticeWhat: 'cette version de la politique',
    shown_one: '{{shown}} sur {{count}} entrée',
    shown_many: '{{shown}} sur {{count}} d’entrées',
    shown_other: '{{shown}} sur {{count}} entrées',
    loadMore: 'Afficher plus',
    loadingMore: 'Chargement…',
  },
  accessLog: {
    heading: 'Qui a consulté vos consentements',
    intro:
      'Chaque fois qu’une personne de notre entreprise ou l’un de nos systèmes a lu vos informations de consentement, cela figure ici, du plus récent au plus ancien. Vos propres visites sur cette page n’y figurent pas.',
    what: 'qui a consulté vos consentements',
    empty: 'Personne n’a consulté vos informations de consentement.',
    who: 'Qui',
    whatLabel: 'Quoi',
    when: 'Quand',
    viewer: {
      SUPPORT: 'Notre équipe d’assistance',
      ADMIN: 'Une personne chargée de l’administration',
      SERVICE: 'L’un de nos systèmes',
    },
    named: '{{who}} ({{name}})',
    operation: {
      subject: 'A consulté vos choix actuels',
      consentHistory: 'A consulté votre historique',
      consentReceipt: 'A téléchargé un justificatif de l’un de vos choix',
      other: 'A consulté vos informations de consentement',
    },
  },
  download: {
    heading: 'Télécharger mon relevé',
    intro:
      'Un fichier JSON avec vos choix actuels et tout votre historique, y compris les preuves conservées avec chaque entrée.',
    button: 'Télécharger mon relevé',
    preparing: 'Préparation de votre fichier…',
    done: 'Votre fichier a été téléchargé.',
    failed: 'Nous n’avons pas pu préparer votre fichier. {{reason}}',
    fileName: 'mon-releve-de-consentement-{{date}}.json',
  },
};
