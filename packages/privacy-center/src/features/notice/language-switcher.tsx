import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { interfaceLanguage } from '../../i18n/i18n';
import { chooseNoticeLocale, nativeLanguageName } from '../../i18n/notice-locale';
import { meQueryKey } from '../consents/consent.queries';
import type { Notice } from './notice.queries';

/** Lets the person read the notice in another of its languages, each named in itself; shown when there is a choice. */
export function LanguageSwitcher({ notice }: { notice: Notice }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  if (notice.availableLocales.length < 2) return null;
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('notice.language')}</label>
      <select
        id={id}
        value={notice.locale}
        onChange={(event) => {
          chooseNoticeLocale(event.target.value);
          // The interface follows the notice's language (English where it has no catalogue).
          void i18n.changeLanguage(interfaceLanguage([event.target.value]));
          void queryClient.invalidateQueries({ queryKey: meQueryKey });
        }}
      >
        {notice.availableLocales.map((tag) => (
          <option key={tag} value={tag} lang={tag}>
            {nativeLanguageName(tag)}
          </option>
        ))}
      </select>
    </div>
  );
}
