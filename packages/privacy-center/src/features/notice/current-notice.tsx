import { useMessages } from '../../i18n/messages';
import { formatDate } from '../../ui/format-date';
import { LanguageSwitcher } from './language-switcher';
import type { Notice } from './notice.queries';

/** The notice in force: its version, date and plain-language summary. */
export function CurrentNotice({ notice }: { notice: Notice }) {
  const m = useMessages();
  const published = formatDate(m.lang, notice.publishedAt);
  const effective = formatDate(m.lang, notice.effectiveAt);
  return (
    <section aria-labelledby="notice-heading" className="card">
      <h2 id="notice-heading">{m.notice.heading}</h2>
      <LanguageSwitcher notice={notice} />
      <p className="meta">
        {m.notice.version(notice.version, published)}
        {effective !== published && (
          <>
            <br />
            {m.notice.effective(effective)}
          </>
        )}
      </p>
      <p className="summary" lang={notice.locale}>
        {notice.summary}
      </p>
    </section>
  );
}
