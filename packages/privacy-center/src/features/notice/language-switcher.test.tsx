import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { browserLanguages, nativeLanguageName, resetNoticeLocale } from '../../i18n/notice-locale';
import { meFixture, noticeV2 } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

afterEach(() => resetNoticeLocale());

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

    const switches = screen.getAllByRole('switch');
    await user.click(switches.find((s) => !(s as HTMLInputElement).checked)!);
    await waitFor(() =>
      expect(sent.find((r) => /Consent$/.test(r.operationName ?? ''))?.variables).toMatchObject({
        input: { locale: 'fr' },
      }),
    );
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
