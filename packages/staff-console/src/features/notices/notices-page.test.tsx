import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { noticeV1, noticeV2 } from '../../test/fixtures';
import { adminRole, renderApp } from '../../test/render-app';

describe('NoticesPage', () => {
  it('shows published versions read-only to a Support key, and why drafting is not offered', async () => {
    const user = userEvent.setup();
    renderApp({ route: { page: 'notices' } });

    const drafting = (await screen.findByRole('heading', { name: 'Next version' })).closest('section')!;
    expect(within(drafting).getByTestId('forbidden').textContent).toContain(
      'Drafting and publishing notices needs an Admin key',
    );

    const versions = screen.getByRole('heading', { name: 'Published versions' }).closest('section')!;
    await user.click(await within(versions).findByRole('button', { name: 'Show version 2' }));
    expect(within(versions).getAllByText(/partner offers/).length).toBeGreaterThan(0);
    expect(within(versions).queryByRole('textbox')).toBeNull();
  });

  it('drafts the next version from the current text, diffs a change side by side, suggests re-consent, and publishes', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'notices' },
      api: {
        ...adminRole,
        PublishNotice: () => ({ data: { publishNotice: { ...noticeV2, id: 'notice-3', version: 3 } } }),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Draft version 3' }));
    // The button is gone: the draft starts at its summary; discarding brings focus back to the button.
    await waitFor(() => expect(document.activeElement?.tagName).toBe('TEXTAREA'));
    await user.click(screen.getByRole('button', { name: 'Discard draft' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Draft version 3' })));
    await user.click(screen.getByRole('button', { name: 'Draft version 3' }));
    const analytics = document.querySelector<HTMLElement>('[data-purpose="analytics"]')!;
    const description = within(analytics).getByLabelText('Description in version 3');
    expect((description as HTMLTextAreaElement).value).toBe('Counting which pages are used.');

    await user.clear(description);
    await user.type(description, 'Counting which pages are used, per person.');
    expect(analytics.textContent).toContain('Reworded');
    expect(analytics.textContent).toContain('Suggested: the wording of this consent purpose changed');
    expect(analytics.querySelector('ins')?.textContent).toContain('per person.');
    expect(document.querySelector('[data-purpose="essential-service"]')?.textContent).toContain(
      're-consent does not apply',
    );

    await user.click(within(analytics).getByRole('checkbox', { name: 'Requires re-consent' }));
    await user.click(screen.getByRole('button', { name: 'Review and publish…' }));
    const review = await screen.findByTestId('publish-review');
    expect(review.textContent).toContain('Re-consent required for: Product analytics.');
    await user.click(within(review).getByRole('button', { name: 'Publish version 3 now' }));

    const published = await screen.findByText(/Version 3 is published/);
    expect(published.getAttribute('role')).toBe('status');
    await waitFor(() => expect(document.activeElement).toBe(published));
    const input = sent.find((request) => request.operationName === 'PublishNotice')?.variables.input as {
      purposes: { purposeKey: string; description: string; requiresReconsent: boolean }[];
    };
    expect(input.purposes.find((text) => text.purposeKey === 'analytics')).toEqual({
      purposeKey: 'analytics',
      title: 'Product analytics',
      description: 'Counting which pages are used, per person.',
      requiresReconsent: true,
    });
    expect(input.purposes.filter((text) => text.requiresReconsent)).toHaveLength(1);
  });

  it('edits every language side by side, flags the incomplete one, diffs per language and publishes translations', async () => {
    const user = userEvent.setup();
    const v2 = { ...noticeV2, availableLocales: ['en', 'de'] };
    const v2de = {
      ...v2,
      locale: 'de',
      summary: 'So nutzen wir Ihre Daten.',
      purposes: noticeV2.purposes.map((p) => ({ ...p, title: `${p.title} DE`, description: `${p.description} DE` })),
    };
    const { sent } = renderApp({
      route: { page: 'notices' },
      api: {
        ...adminRole,
        NoticeVersions: () => ({ data: { noticeVersions: [v2, noticeV1] } }),
        NoticeVersionsIn: (variables) => ({
          data: { noticeVersions: [variables.locale === 'de' ? v2de : v2, noticeV1] },
        }),
        NoticeReadability: () => ({ data: { noticeReadability: [] } }),
        PublishNotice: () => ({ data: { publishNotice: { ...v2, id: 'notice-3', version: 3 } } }),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Draft version 3' }));
    const analytics = document.querySelector<HTMLElement>('[data-purpose="analytics"]')!;
    const german = within(analytics).getByLabelText('Description in version 3, Deutsch (de)');
    expect((german as HTMLTextAreaElement).value).toBe('Counting which pages are used. DE');
    expect(german.getAttribute('lang')).toBe('de');
    const languages = screen.getByTestId('draft-languages');
    expect(within(languages).getByTestId('language-de').textContent).toContain('Complete');

    // French is added from a picker naming languages in their own language; it starts empty, so it is incomplete.
    await user.selectOptions(within(languages).getByLabelText('Add a language'), 'Français (fr)');
    await user.click(within(languages).getByRole('button', { name: 'Add language' }));
    const french = within(languages).getByTestId('language-fr');
    expect(french.textContent).toContain('Incomplete');
    expect(french.textContent).toContain('Missing: summary, Essential service (title and description)');

    await user.click(screen.getByRole('button', { name: 'Review and publish…' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Write the summary in fr.');
    expect(alert.textContent).toContain('Describe “analytics” in fr.');
    expect(document.activeElement?.getAttribute('data-field')).toBe('fr:summary');

    await user.type(screen.getByLabelText('Summary, Français (fr)'), 'Comment nous utilisons vos données.');
    for (const row of document.querySelectorAll<HTMLElement>('[data-purpose]')) {
      await user.type(within(row).getByLabelText('Title in version 3, Français (fr)'), 'Titre');
      await user.type(within(row).getByLabelText('Description in version 3, Français (fr)'), 'Texte clair.');
    }
    expect(within(languages).getByTestId('language-fr').textContent).toContain('Complete');

    // The German column is compared with the published German text, not with the English one.
    await user.type(german, ' Pro Person.');
    const deCell = analytics.querySelector<HTMLElement>('[data-locale="de"]')!;
    expect(deCell.textContent).toContain('Reworded');
    expect(deCell.querySelector('ins')?.textContent).toContain('Person.');
    expect(deCell.textContent).toContain('Version 2 (published, de)');
    expect(analytics.querySelector('[data-locale="en"]')?.textContent).toContain('Unchanged');

    await user.click(screen.getByRole('button', { name: 'Review and publish…' }));
    await user.click(
      within(await screen.findByTestId('publish-review')).getByRole('button', { name: 'Publish version 3 now' }),
    );
    expect(await screen.findByText(/Version 3 is published/)).toBeTruthy();
    const input = sent.find((request) => request.operationName === 'PublishNotice')?.variables.input as {
      defaultLocale: string;
      translations: { locale: string; summary: string; purposes: { purposeKey: string; description: string }[] }[];
    };
    expect(input.defaultLocale).toBe('en');
    expect(input.translations.map((t) => [t.locale, t.summary])).toEqual([
      ['de', 'So nutzen wir Ihre Daten.'],
      ['fr', 'Comment nous utilisons vos données.'],
    ]);
    expect(input.translations[0]!.purposes.find((p) => p.purposeKey === 'analytics')?.description).toBe(
      'Counting which pages are used. DE Pro Person.',
    );
  }, 30_000);

  it('shows each problem the server names when it refuses to publish', async () => {
    const user = userEvent.setup();
    renderApp({
      route: { page: 'notices' },
      api: {
        ...adminRole,
        NoticeReadability: () => ({ data: { noticeReadability: [] } }),
        PublishNotice: () => {
          const body = graphqlError('BAD_USER_INPUT', 'translations incomplete');
          // The server's extensions.problems (graphql/format-error.ts): one line per problem.
          Object.assign(body.errors![0]!.extensions!, {
            problems: [
              "translations[0] (fr): the 'fr' translation must word every purpose of the notice; missing analytics",
              'every active purpose must appear: research',
            ],
          });
          return body;
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Draft version 3' }));
    await user.click(screen.getByRole('button', { name: 'Review and publish…' }));
    await user.click(
      within(await screen.findByTestId('publish-review')).getByRole('button', { name: 'Publish version 3 now' }),
    );
    const refused = await screen.findByTestId('publish-refused');
    expect(refused.getAttribute('role')).toBe('alert');
    expect(
      within(refused)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      "translations[0] (fr): the 'fr' translation must word every purpose of the notice; missing analytics",
      'every active purpose must appear: research',
    ]);
  });
});
