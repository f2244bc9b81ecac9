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
  { key: 'essential-service', legalBasis: 'CONTRACT', title: 'Running the service you signed up for', description: 'We use your account details and what you do in the product to provide it to you: signing in, saving your work, answering your support requests.', gpcOptOut: false, dpvPurpose: `${DPV}ServiceProvision`, consentMode: [] },
  { key: 'analytics', legalBasis: 'CONSENT', title: 'Product analytics', description: 'We count which pages and features you use, linked to your account, to learn what to improve. Without your consent we only keep anonymous totals.', gpcOptOut: false, dpvPurpose: `${DPV}ServiceUsageAnalytics`, consentMode: ['analytics_storage'] },
  { key: 'marketing-email', legalBasis: 'CONSENT', title: 'Marketing emails', description: 'We send you news about features and offers by email, at most twice a month. You can stop them here or with the link in every email.', gpcOptOut: false, dpvPurpose: `${DPV}DirectMarketing`, consentMode: [] },
  { key: 'third-party-sharing', legalBasis: 'CONSENT', title: 'Sharing with partners', description: 'We share your name and email address with selected partners so they can contact you about their own products. We tell you who they are in the notice.', gpcOptOut: true, dpvPurpose: `${DPV}Marketing`, consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
  { key: 'personalization', legalBasis: 'CONSENT', title: 'Personalised recommendations', description: 'We use what you viewed and bought to suggest things you may like, in the product and in our emails.', gpcOptOut: false, dpvPurpose: `${DPV}ServicePersonalisation`, consentMode: [] },
  { key: 'research', legalBasis: 'CONSENT', title: 'Research and surveys', description: 'We may invite you to surveys and user interviews, and use your answers together with your usage data to plan our product.', gpcOptOut: false, dpvPurpose: `${DPV}ResearchAndDevelopment`, consentMode: [] },
  { key: 'tax-records', legalBasis: 'LEGAL_OBLIGATION', title: 'Tax and accounting records', description: 'We keep your invoices and payment records for as long as tax law requires, usually ten years.', gpcOptOut: false, dpvPurpose: `${DPV}LegalCompliance`, consentMode: [] },
  { key: 'fraud-prevention', legalBasis: 'LEGITIMATE_INTERESTS', title: 'Preventing fraud and abuse', description: 'We check sign-ins and payments for signs of fraud to protect you and us, for example blocking logins from a stolen password.', gpcOptOut: false, dpvPurpose: `${DPV}FraudPreventionAndDetection`, consentMode: [] },
];

/** The principal seeding acts as (it uses the same use cases as an admin, so the same rules apply). */
const SYSTEM: Principal = { role: 'ADMIN', kind: 'SYSTEM', id: 'seed', via: 'bootstrap' };

/** Seeds the demo purposes and notice version 1. Call only on an empty catalog. */
export async function seedDemo(service: UseCases): Promise<void> {
  for (const p of DEMO_PURPOSES) await service.definePurpose(SYSTEM, p);
  await service.publishNotice(SYSTEM, {
    summary: 'How we use your data: what we need to run the service, and the extras you can choose. You decide each extra separately, you can change your mind at any time, and saying no never stops you using the service.',
    purposes: DEMO_PURPOSES.map((p) => ({ purposeKey: p.key, title: p.title, description: p.description, requiresReconsent: false })),
  });
}
