import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorNotice, Loading } from './query-error';

describe('ErrorNotice', () => {
  it('is an alert with the words given, a hint below them, and a button that tries again', () => {
    const onRetry = vi.fn();
    render(
      <ErrorNotice hint={<p>Ask an administrator.</p>} retry={{ label: 'Try again', onRetry }}>
        Could not load purposes. The server could not be reached.
      </ErrorNotice>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(
      'Could not load purposes. The server could not be reached.Ask an administrator.Try again',
    );
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('offers no button without `retry`', () => {
    render(<ErrorNotice>Saving failed.</ErrorNotice>);
    expect(screen.getByRole('alert').textContent).toBe('Saving failed.');
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('Loading', () => {
  it('announces what is on its way as a status', () => {
    render(<Loading>Loading purposes…</Loading>);
    expect(screen.getByRole('status').textContent).toBe('Loading purposes…');
  });
});
