import { createContext, useContext, type ReactNode } from 'react';
import { de } from './de';
import { en, type Messages } from './en';

const catalogues: Record<string, Messages> = { en, de };

/** The catalogue for the browser's preferred language, English when we have none for it. */
export function pickMessages(languages: readonly string[] = navigator.languages ?? [navigator.language]): Messages {
  for (const tag of languages) {
    const found = catalogues[tag.toLowerCase().split('-')[0] ?? ''];
    if (found) return found;
  }
  return en;
}

const MessagesContext = createContext<Messages>(en);

/** Provides the UI texts to everything below it. */
export function MessagesProvider({ messages, children }: { messages: Messages; children: ReactNode }) {
  return <MessagesContext.Provider value={messages}>{children}</MessagesContext.Provider>;
}

/** The UI texts in the chosen language. */
export function useMessages(): Messages {
  return useContext(MessagesContext);
}
