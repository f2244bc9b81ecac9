import { describe, expect, it, vi } from 'vitest';
import { captureSubjectToken, SUBJECT_TOKEN_KEY } from './subject-token';

describe('captureSubjectToken', () => {
  it('keeps the token from #token=… in sessionStorage and removes it from the address bar', () => {
    window.history.replaceState({ kept: true }, '', '/consents?ref=mail#token=abc.def-123');
    const replaceState = vi.spyOn(window.history, 'replaceState');

    expect(captureSubjectToken()).toBe('abc.def-123');

    expect(sessionStorage.getItem(SUBJECT_TOKEN_KEY)).toBe('abc.def-123');
    expect(replaceState).toHaveBeenCalledTimes(1);
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain('abc.def-123');
    expect(window.location.pathname + window.location.search).toBe('/consents?ref=mail');
    expect(window.history.state).toEqual({ kept: true });
  });

  it('leaves other fragment parameters in place', () => {
    window.history.replaceState(null, '', '/#token=t1&lang=de');
    expect(captureSubjectToken()).toBe('t1');
    expect(window.location.hash).toBe('#lang=de');
  });

  it('uses the token kept earlier in this tab when the address has none (e.g. after a reload)', () => {
    sessionStorage.setItem(SUBJECT_TOKEN_KEY, 'kept-token');
    window.history.replaceState(null, '', '/');
    expect(captureSubjectToken()).toBe('kept-token');
  });

  it('prefers a fresh token from the address over the one kept earlier', () => {
    sessionStorage.setItem(SUBJECT_TOKEN_KEY, 'old-token');
    window.history.replaceState(null, '', '/#token=new-token');
    expect(captureSubjectToken()).toBe('new-token');
    expect(sessionStorage.getItem(SUBJECT_TOKEN_KEY)).toBe('new-token');
  });

  it('returns null when there is no token anywhere', () => {
    window.history.replaceState(null, '', '/');
    expect(captureSubjectToken()).toBeNull();
  });

  it('treats an empty #token= as missing, and still cleans the address', () => {
    window.history.replaceState(null, '', '/#token=');
    expect(captureSubjectToken()).toBeNull();
    expect(window.location.hash).toBe('');
  });
});
