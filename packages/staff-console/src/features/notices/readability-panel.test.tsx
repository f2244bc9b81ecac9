import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { noticeV2 } from '../../test/fixtures';
import { adminRole, renderApp } from '../../test/render-app';

type Input = { summary: string; purposes: { purposeKey: string; description: string }[] };

// What the server answers, reduced to what the panel shows: a long sentence and one jargon term are flagged.
const readability = (variables: Record<string, unknown>) => {
  const input = variables.input as Input;
  return {
    data: {
      noticeReadability: input.purposes.map((p) => {
        const words = p.description.split(/\s+/);
        const issues = [
          ...(words.length > 25
            ? [`sentence of ${words.length} words (at most 25): "${words.slice(0, 6).join(' ')} …"`]
            : []),
          ...(/processing/i.test(p.description) ? ['jargon: "processing"; instead: "use"'] : []),
        ];
        return {
          purposeKey: p.purposeKey,
          locale: 'en',
          field: 'description',
          score: issues.length ? 41.5 : 80,
          ok: issues.length === 0,
          issues,
        };
      }),
    },
  };
};

describe('ReadabilityPanel', () => {
  it('checks the draft as the admin types, marks the long sentence and offers the plainer word', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({ route: { page: 'notices' }, api: { ...adminRole, NoticeReadability: readability } });
    await user.click(await screen.findByRole('button', { name: 'Draft version 3' }));
    const panel = await screen.findByTestId('readability-panel');
    expect(await within(panel).findByText(/texts read plainly enough to publish/)).toBeTruthy();

    const analytics = document.querySelector<HTMLElement>('[data-purpose="analytics"]')!;
    const description = within(analytics).getByLabelText('Description in version 3');
    const long =
      'We count which pages you open and how long you stay on each of them and which buttons you press so that our ' +
      'team can see what works and what does not work well for people like you.';
    await user.clear(description);
    await user.type(description, `${long} Processing helps.`);

    const item = await within(panel).findByTestId('readability-item', {}, { timeout: 3000 });
    expect(item.textContent).toContain('Needs work');
    expect(item.querySelector('mark')?.textContent).toBe(long);
    expect(item.textContent).toContain('Try instead: "use"');
    // Debounced: typing ~190 characters sent a handful of checks, not one per key.
    await waitFor(() => expect(within(panel).getByText(/1 of \d+ texts need work/)).toBeTruthy());
    expect(sent.filter((r) => r.operationName === 'NoticeReadability').length).toBeLessThan(6);
    // Typing ~190 characters key by key takes seconds on a busy 2-core machine.
  }, 20_000);
});

describe('publishing a draft the check refuses', () => {
  it('offers to publish anyway once the server refuses, and then sends acceptReadabilityIssues', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { sent } = renderApp({
      route: { page: 'notices' },
      api: {
        ...adminRole,
        NoticeReadability: readability,
        PublishNotice: (variables) => {
          attempts += 1;
          const input = variables.input as { acceptReadabilityIssues?: boolean };
          return input.acceptReadabilityIssues
            ? { data: { publishNotice: { ...noticeV2, id: 'notice-3', version: 3 } } }
            : graphqlError('BAD_USER_INPUT', 'analytics description (en): sentence of 38 words (at most 25)');
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Draft version 3' }));
    await user.click(screen.getByRole('button', { name: 'Review and publish…' }));
    const review = await screen.findByTestId('publish-review');
    expect(within(review).queryByRole('checkbox')).toBeNull();
    await user.click(within(review).getByRole('button', { name: 'Publish version 3 now' }));
    await user.click(await within(review).findByRole('checkbox', { name: /Publish even though/ }));
    await user.click(within(review).getByRole('button', { name: 'Publish version 3 now' }));
    expect(await screen.findByText(/Version 3 is published/)).toBeTruthy();
    expect(attempts).toBe(2);
    const last = sent.filter((r) => r.operationName === 'PublishNotice').at(-1)!;
    expect(last.variables.input).toMatchObject({ acceptReadabilityIssues: true });
  });
});
