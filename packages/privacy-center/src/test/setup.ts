import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, expect, vi } from 'vitest';

let consoleError: ReturnType<typeof vi.spyOn>;

// The app must not log errors (React warnings included): any call fails the test.
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error');
});

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  const calls = consoleError.mock.calls;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
  expect(calls, 'console.error was called').toEqual([]);
});
