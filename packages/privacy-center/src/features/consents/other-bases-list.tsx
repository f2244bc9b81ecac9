import { useTranslation } from 'react-i18next';
import type { Me } from './consent.queries';

/** "Processing that does not need your consent": each purpose with its lawful basis in plain words. */
export function OtherBasesList({ me }: { me: Me }) {
  const { t } = useTranslation();
  const items = me.purposes.filter((item) => !item.purpose.requiresConsent);
  return (
    <section aria-labelledby="other-bases-heading" className="card">
      <h2 id="other-bases-heading">{t('otherBases.heading')}</h2>
      <p className="lead">{t('otherBases.intro')}</p>
      {items.length === 0 ? (
        <p>{t('otherBases.none')}</p>
      ) : (
        <ul className="purpose-list">
          {items.map((item) => (
            <li key={item.purpose.key} className="purpose purpose--static">
              <div className="purpose-text">
                <h3 lang={me.currentNotice.locale}>{item.purpose.title}</h3>
                <p lang={me.currentNotice.locale}>{item.purpose.description}</p>
                <p className="basis">
                  <strong>{t('otherBases.basisLabel')}</strong> {t(`otherBases.basis.${item.purpose.legalBasis}`)}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
