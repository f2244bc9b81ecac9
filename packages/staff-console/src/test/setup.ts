import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, expect, vi } from 'vitest';

let consoleError: ReturnType<typeof vi.spyOn>;

// The console must not log errors (React warnings included): any call fails the test.
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error');
  window.history.replaceState(null, '', import.meta.env.BASE_URL);
});

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  const calls = consoleError.mock.calls;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
  window.history.replaceState(null, '', import.meta.env.BASE_URL);
  expect(calls, 'console.error was called').toEqual([]);
});
