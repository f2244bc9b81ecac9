import { useTranslation } from 'react-i18next';
import { formatDate } from '../../ui/format-date';
import { LanguageSwitcher } from './language-switcher';
import type { Notice } from './notice.queries';

/** The notice in force: its version, date and plain-language summary. */
export function CurrentNotice({ notice }: { notice: Notice }) {
  const { t, i18n } = useTranslation();
  const published = formatDate(i18n.language, notice.publishedAt);
  const effective = formatDate(i18n.language, notice.effectiveAt);
  return (
    <section aria-labelledby="notice-heading" className="card">
      <h2 id="notice-heading">{t('notice.heading')}</h2>
      <LanguageSwitcher notice={notice} />
      <p className="meta">
        {t('notice.version', { version: notice.version, date: published })}
        {effective !== published && (
          <>
            <br />
            {t('notice.effective', { date: effective })}
          </>
        )}
      </p>
      <p className="summary" lang={notice.locale}>
        {notice.summary}
      </p>
    </section>
  );
}
