import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, expect, vi } from 'vitest';

/**
 * The hooks an app's vitest setup file installs: every test starts at `startUrl`
 * (the app's base path), and afterwards what it rendered is unmounted, stubs,
 * mocks and sessionStorage are reset, and it fails if anything called
 * console.error: the app must not log errors (React warnings included).
 */
export function installAppTestHooks(startUrl = '/'): void {
  let consoleError: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error');
    window.history.replaceState(null, '', startUrl);
  });

  // Vitest runs without globals, so Testing Library cannot register its own cleanup.
  afterEach(() => {
    cleanup();
    const calls = consoleError.mock.calls;
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    sessionStorage.clear();
    window.history.replaceState(null, '', startUrl);
    expect(calls, 'console.error was called').toEqual([]);
  });
}
