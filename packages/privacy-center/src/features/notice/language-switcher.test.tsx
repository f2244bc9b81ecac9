import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialInterfaceLanguage } from '../../i18n/i18n';
import { browserLanguages, chooseNoticeLocale, nativeLanguageName, resetNoticeLocale } from '../../i18n/notice-locale';
import { meFixture, noticeV2 } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

afterEach(() => {
  resetNoticeLocale();
  vi.restoreAllMocks();
});

const JAPANESE = '新しいお知らせです。';
const FRENCH = 'Nous proposons désormais des offres adaptées.';

describe('LanguageSwitcher', () => {
  it('lists the notice’s languages by their own names, asks again in the one chosen, and records it with the next choice', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      api: {
        Me: (variables) => {
          const fr = variables.locale === 'fr';
          const { me } = meFixture();
          return {
            data: {
              me: {
                ...me,
                currentNotice: {
                  ...noticeV2,
                  summary: fr ? FRENCH : noticeV2.summary,
                  locale: fr ? 'fr' : 'en',
                  availableLocales: ['en', 'de', 'fr'],
                },
              },
            },
          };
        },
      },
    });
    const notice = await screen.findByRole('region', { name: 'Our privacy notice' });
    const select = within(notice).getByLabelText<HTMLSelectElement>('Language of the notice');
    expect([...select.options].map((o) => o.textContent)).toEqual(['English', 'Deutsch', 'Français']);

    await user.selectOptions(select, 'fr');
    expect(await within(notice).findByText(FRENCH)).toBeTruthy();
    expect(sent.filter((r) => r.operationName === 'Me').at(-1)?.variables).toEqual({ locale: 'fr' });
    // The interface follows the notice into French: headings, labels and buttons.
    expect(await screen.findByRole('heading', { level: 1, name: 'Vos choix de confidentialité' })).toBeTruthy();
    expect(within(notice).getByLabelText('Langue de la politique')).toBe(select);
    expect(screen.getByRole('heading', { level: 2, name: 'Choix qui demandent votre consentement' })).toBeTruthy();

    const switches = screen.getAllByRole('switch');
    await user.click(switches.find((s) => !(s as HTMLInputElement).checked)!);
    await waitFor(() =>
      expect(sent.find((r) => /Consent$/.test(r.operationName ?? ''))?.variables).toMatchObject({
        input: { locale: 'fr' },
      }),
    );
  });
});

describe('the interface language', () => {
  it('stays English when the notice is switched to a language without a message file', async () => {
    const user = userEvent.setup();
    renderApp({
      api: {
        Me: (variables) => {
          const { me } = meFixture();
          const ja = variables.locale === 'ja';
          return {
            data: {
              me: {
                ...me,
                currentNotice: {
                  ...noticeV2,
                  summary: ja ? JAPANESE : noticeV2.summary,
                  locale: ja ? 'ja' : 'en',
                  availableLocales: ['en', 'ja'],
                },
              },
            },
          };
        },
      },
    });
    const notice = await screen.findByRole('region', { name: 'Our privacy notice' });
    await user.selectOptions(within(notice).getByLabelText('Language of the notice'), 'ja');
    expect(await within(notice).findByText(JAPANESE)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Your privacy choices' })).toBeTruthy();
  });

  it('on load is the language chosen in this tab, else the browser’s first language that has a message file', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ja-JP', 'pl-PL', 'en']);
    expect(initialInterfaceLanguage()).toBe('pl');
    chooseNoticeLocale('it');
    expect(initialInterfaceLanguage()).toBe('it');
  });
});

describe('browserLanguages', () => {
  it('sends the browser’s languages in order of preference as an Accept-Language value', () => {
    expect(browserLanguages(['de-DE', 'de', 'en'])).toBe('de-DE, de;q=0.9, en;q=0.8');
  });
});

describe('nativeLanguageName', () => {
  it('names a language in itself, capitalised', () => {
    expect(nativeLanguageName('de')).toBe('Deutsch');
    expect(nativeLanguageName('fr')).toBe('Français');
  });
});
