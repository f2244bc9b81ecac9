import { describe, expect, it } from 'vitest';
import { ApiError } from '@assent/web-kit';
import { createI18n } from '../i18n/i18n';
import { errorText } from './error-text';

describe('errorText', () => {
  it('tells an erased person why nothing can be saved (a subject write refused with CONFLICT), others generically', () => {
    const t = createI18n().t;
    expect(errorText(t, new ApiError('erased', { code: 'CONFLICT' }))).toMatch(/identifying data was erased/);
    expect(errorText(t, new ApiError('boom', { code: 'INTERNAL_SERVER_ERROR' }))).toMatch(/Something went wrong/);
    expect(errorText(t, new Error('x'))).toMatch(/Something went wrong/);
  });
});
