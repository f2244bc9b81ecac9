import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useGraphQLClient } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../ui/format-date';
import { Loading, QueryError } from '../../ui/query-error';
import { noticeVersionsQueryOptions } from './notice.queries';

/** A button that reveals the text of one notice version in place, in `locale` (the language its entry was seen in). */
export function NoticeVersionDetails({
  noticeVersionId,
  version,
  locale,
}: {
  noticeVersionId: string;
  version: number;
  locale?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <>
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {open ? t('history.hideNotice', { version }) : t('history.showNotice', { version })}
      </button>
      <div id={panelId} hidden={!open}>
        {open && <NoticeVersionText noticeVersionId={noticeVersionId} locale={locale} />}
      </div>
    </>
  );
}

function NoticeVersionText({ noticeVersionId, locale }: { noticeVersionId: string; locale?: string }) {
  const { t, i18n } = useTranslation();
  const request = useGraphQLClient();
  const versions = useQuery(noticeVersionsQueryOptions(request, locale));
  if (versions.isPending) return <Loading>{t('app.loading')}</Loading>;
  if (versions.isError)
    return <QueryError what={t('history.noticeWhat')} error={versions.error} onRetry={() => void versions.refetch()} />;
  const notice = versions.data.find((candidate) => candidate.id === noticeVersionId);
  if (!notice) return <p className="notice-box">{t('history.noticeMissing')}</p>;
  return (
    <div className="notice-text" lang={notice.locale}>
      <p className="meta">
        {t('notice.version', { version: notice.version, date: formatDate(i18n.language, notice.publishedAt) })}
      </p>
      <p className="summary">{notice.summary}</p>
      <dl>
        {notice.purposes.map((purpose) => (
          <div key={purpose.purposeKey}>
            <dt>{purpose.title}</dt>
            <dd>{purpose.description}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
