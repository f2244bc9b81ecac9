import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { noticeV2 } from '../../test/fixtures';
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

    expect((await screen.findByText(/Version 3 is published/)).getAttribute('role')).toBe('status');
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
});
