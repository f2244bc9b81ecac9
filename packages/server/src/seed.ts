import type { ConsentModeType, LegalBasis } from '@assent/core';
import type { UseCases } from './use-cases/index.ts';
import type { Principal } from './services/auth.service.ts';

/** The demo purposes of the brief, with plain-language texts for notice version 1. */
/** One demo purpose: its texts for notice version 1, its DPV purpose, and what the GPC signal and Consent Mode say of it. */
export interface DemoPurpose {
  key: string;
  title: string;
  description: string;
  legalBasis: LegalBasis;
  gpcOptOut: boolean;
  dpvPurpose: string;
  consentMode: ConsentModeType[];
}

const DPV = 'https://w3id.org/dpv#';

export const DEMO_PURPOSES: DemoPurpose[] = [
  {
    key: 'essential-service',
    legalBasis: 'CONTRACT',
    title: 'Running the service you signed up for',
    description:
      'We use your account details and what you do in the product to provide it to you. This covers signing in, saving your work and answering your support requests.',
    gpcOptOut: false,
    dpvPurpose: `${DPV}ServiceProvision`,
    consentMode: [],
  },
  {
    key: 'analytics',
    legalBasis: 'CONSENT',
    title: 'Product analytics',
    description:
      'We count which pages and features you use, linked to your account, to learn what to improve. Without your consent we only keep anonymous totals.',
    gpcOptOut: false,
    dpvPurpose: `${DPV}ServiceUsageAnalytics`,
    consentMode: ['analytics_storage'],
  },
  {
    key: 'marketing-email',
    legalBasis: 'CONSENT',
    title: 'Marketing emails',
    description:
      'We send you news about features and offers by email, at most twice a month. You can stop them here or with the link in every email.',
    gpcOptOut: false,
    dpvPurpose: `${DPV}DirectMarketing`,
    consentMode: [],
  },
  {
    key: 'third-party-sharing',
    legalBasis: 'CONSENT',
    title: 'Sharing with partners',
    description:
      'We share your name and email address with selected partners so they can contact you about their own products. We tell you who they are in the notice.',
    gpcOptOut: true,
    dpvPurpose: `${DPV}Marketing`,
    consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
  },
  {
    key: 'personalization',
    legalBasis: 'CONSENT',
    title: 'Personalised recommendations',
    description: 'We use what you viewed and bought to suggest things you may like, in the product and in our emails.',
    gpcOptOut: false,
    dpvPurpose: `${DPV}ServicePersonalisation`,
    consentMode: [],
  },
  {
    key: 'research',
    legalBasis: 'CONSENT',
    title: 'Research and surveys',
    description:
      'We may invite you to surveys and user interviews. We use your answers and how you use the product to plan what we build next.',
    gpcOptOut: false,
    dpvPurpose: `${DPV}ResearchAndDevelopment`,
    consentMode: [],
  },
  {
    key: 'tax-records',
    legalBasis: 'LEGAL_OBLIGATION',
    title: 'Tax and accounting records',
    description: 'We keep your invoices and payment records for as long as tax law requires, usually ten years.',
    gpcOptOut: false,
    dpvPurpose: `${DPV}LegalCompliance`,
    consentMode: [],
  },
  {
    key: 'fraud-prevention',
    legalBasis: 'LEGITIMATE_INTERESTS',
    title: 'Preventing fraud and abuse',
    description:
      'We check sign-ins and payments for signs of fraud to protect you and us, for example blocking logins from a stolen password.',
    gpcOptOut: false,
    dpvPurpose: `${DPV}FraudPreventionAndDetection`,
    consentMode: [],
  },
];

/** Notice version 1 in English (the texts above), German and French: plain, natural translations that pass the readability check. */
export const DEMO_SUMMARY =
  'How we use your data: what we need to run the service, and the extras you can choose. You decide each extra separately, you can change your mind at any time, and saying no never stops you using the service.';

/** The demo notice's other languages: summary, then title and description per purpose key. */
export const DEMO_TRANSLATIONS: {
  locale: string;
  summary: string;
  purposes: Record<string, [title: string, description: string]>;
}[] = [
  {
    locale: 'de',
    summary:
      'So nutzen wir Ihre Daten: was wir für den Dienst brauchen und was Sie zusätzlich wählen können. Sie entscheiden über jedes Extra einzeln. Sie können Ihre Meinung jederzeit ändern. Wenn Sie Nein sagen, können Sie den Dienst trotzdem nutzen.',
    purposes: {
      'essential-service': [
        'Der Dienst, für den Sie sich angemeldet haben',
        'Wir nutzen Ihre Kontodaten und was Sie im Produkt tun, damit der Dienst für Sie läuft. Dazu gehören die Anmeldung, das Speichern Ihrer Arbeit und Antworten auf Ihre Fragen.',
      ],
      analytics: [
        'Produktanalyse',
        'Wir zählen, welche Seiten und Funktionen Sie nutzen, verknüpft mit Ihrem Konto. So lernen wir, was wir besser machen können. Ohne Ihre Einwilligung speichern wir nur anonyme Summen.',
      ],
      'marketing-email': [
        'Werbe-E-Mails',
        'Wir schicken Ihnen Neuigkeiten zu Funktionen und Angeboten per E-Mail, höchstens zweimal im Monat. Sie können das hier beenden oder mit dem Link in jeder E-Mail.',
      ],
      'third-party-sharing': [
        'Weitergabe an Partner',
        'Wir geben Ihren Namen und Ihre E-Mail-Adresse an ausgewählte Partner weiter. Diese können Sie dann zu ihren eigenen Produkten kontaktieren. Wer die Partner sind, steht in diesem Hinweis.',
      ],
      personalization: [
        'Persönliche Empfehlungen',
        'Wir nutzen, was Sie angesehen und gekauft haben, um Ihnen Dinge vorzuschlagen, die Ihnen gefallen könnten. Das tun wir im Produkt und in unseren E-Mails.',
      ],
      research: [
        'Forschung und Umfragen',
        'Wir laden Sie vielleicht zu Umfragen und Interviews ein. Ihre Antworten und wie Sie das Produkt nutzen, helfen uns bei der Planung.',
      ],
      'tax-records': [
        'Steuer- und Buchhaltungsunterlagen',
        'Wir heben Ihre Rechnungen und Zahlungen so lange auf, wie das Steuerrecht es verlangt. Meist sind das zehn Jahre.',
      ],
      'fraud-prevention': [
        'Schutz vor Betrug und Missbrauch',
        'Wir prüfen Anmeldungen und Zahlungen auf Anzeichen von Betrug, um Sie und uns zu schützen. Zum Beispiel sperren wir Anmeldungen mit einem gestohlenen Passwort.',
      ],
    },
  },
  {
    locale: 'fr',
    summary:
      'Comment nous utilisons vos données : ce dont nous avons besoin pour le service, et les options que vous pouvez choisir. Vous décidez de chaque option à part. Vous pouvez changer d’avis à tout moment. Si vous dites non, vous pouvez toujours utiliser le service.',
    purposes: {
      'essential-service': [
        'Le service auquel vous êtes inscrit',
        'Nous utilisons les données de votre compte et ce que vous faites dans le produit pour vous le fournir. Cela comprend la connexion, l’enregistrement de votre travail et les réponses à vos demandes d’aide.',
      ],
      analytics: [
        'Statistiques du produit',
        'Nous comptons les pages et les fonctions que vous utilisez, liées à votre compte. Cela nous aide à savoir quoi améliorer. Sans votre accord, nous ne gardons que des totaux anonymes.',
      ],
      'marketing-email': [
        'E-mails commerciaux',
        'Nous vous envoyons des nouvelles sur nos fonctions et nos offres par e-mail, deux fois par mois au plus. Vous pouvez les arrêter ici ou avec le lien dans chaque e-mail.',
      ],
      'third-party-sharing': [
        'Partage avec des partenaires',
        'Nous donnons votre nom et votre adresse e-mail à des partenaires choisis. Ils peuvent alors vous parler de leurs propres produits. Nous vous disons qui ils sont dans cette notice.',
      ],
      personalization: [
        'Recommandations personnalisées',
        'Nous utilisons ce que vous avez vu et acheté pour vous suggérer des choses qui peuvent vous plaire. Nous le faisons dans le produit et dans nos e-mails.',
      ],
      research: [
        'Études et sondages',
        'Nous pouvons vous inviter à des sondages et à des entretiens. Vos réponses et votre usage du produit nous aident à préparer la suite.',
      ],
      'tax-records': [
        'Documents fiscaux et comptables',
        'Nous gardons vos factures et vos paiements aussi longtemps que la loi fiscale le demande, en général dix ans.',
      ],
      'fraud-prevention': [
        'Lutte contre la fraude et les abus',
        'Nous vérifions les connexions et les paiements pour repérer la fraude et pour vous protéger, vous et nous. Par exemple, nous bloquons une connexion avec un mot de passe volé.',
      ],
    },
  },
];

/** The principal seeding acts as (it uses the same use cases as an admin, so the same rules apply). */
const SYSTEM: Principal = { role: 'ADMIN', kind: 'SYSTEM', id: 'seed', via: 'bootstrap' };

/** The demo notice version 1, in en, de and fr, as publishNotice takes it. */
export const DEMO_NOTICE = {
  summary: DEMO_SUMMARY,
  defaultLocale: 'en',
  purposes: DEMO_PURPOSES.map((p) => ({
    purposeKey: p.key,
    title: p.title,
    description: p.description,
    requiresReconsent: false,
  })),
  translations: DEMO_TRANSLATIONS.map((t) => ({
    locale: t.locale,
    summary: t.summary,
    purposes: DEMO_PURPOSES.map((p) => ({
      purposeKey: p.key,
      title: t.purposes[p.key]![0],
      description: t.purposes[p.key]![1],
    })),
  })),
};

/** Seeds the demo purposes and notice version 1 in en, de and fr. Call only on an empty catalog. */
export async function seedDemo(service: UseCases): Promise<void> {
  for (const p of DEMO_PURPOSES) await service.definePurpose(SYSTEM, p);
  // The demo texts pass the plain-language check at its default threshold (seed.test.ts). An operator's stricter
  // ASSENT_READABILITY_MIN judges their own notices; it must not stop a demo from starting half-seeded (purposes
  // defined, no notice: the catalog is no longer empty, so nothing would be seeded again).
  await service.publishNotice(SYSTEM, { ...DEMO_NOTICE, acceptReadabilityIssues: true });
}
