/** A reason the server gave for a text, read for display: what to mark in the text and what to suggest. */
export type ReadabilityIssue =
  | { kind: 'long-sentence'; words: number; start: string; text: string }
  | { kind: 'jargon'; term: string; suggestion: string; text: string }
  | { kind: 'passive'; phrase: string; text: string }
  | { kind: 'other'; text: string };

/** Reads one of noticeReadability's issue strings (core's scoreText writes them); unknown ones stay as they are. */
export function parseIssue(text: string): ReadabilityIssue {
  const long = /^sentence of (\d+) words \(at most \d+\): "(.*?)(?: …)?"$/.exec(text);
  if (long) return { kind: 'long-sentence', words: Number(long[1]), start: long[2]!, text };
  const jargon = /^jargon: "(.+?)"; instead: (.+)$/.exec(text);
  if (jargon) return { kind: 'jargon', term: jargon[1]!, suggestion: jargon[2]!, text };
  const passive = /^passive voice: "(.+?)"/.exec(text);
  if (passive) return { kind: 'passive', phrase: passive[1]!, text };
  return { kind: 'other', text };
}

/** A stretch of a text, marked when an issue points at it. */
export interface Stretch {
  text: string;
  marked: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits a text into stretches, marking each long sentence (from the words it starts with to its end mark), each
 * jargon term and each passive phrase the issues name, so the admin sees where they are.
 */
export function markIssues(text: string, issues: readonly ReadabilityIssue[]): Stretch[] {
  const ranges: [number, number][] = [];
  for (const issue of issues) {
    let pattern: RegExp | null = null;
    if (issue.kind === 'long-sentence') {
      const words = issue.start.split(/\s+/).filter(Boolean).map(escape);
      if (words.length) pattern = new RegExp(`${words.join('[^\\p{L}\\p{N}]+')}[\\s\\S]*?(?:[.!?](?=\\s|$)|$)`, 'u');
    } else if (issue.kind === 'jargon') pattern = new RegExp(escape(issue.term), 'iu');
    else if (issue.kind === 'passive') pattern = new RegExp(escape(issue.phrase), 'u');
    const m = pattern?.exec(text);
    if (m) ranges.push([m.index, m.index + m[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Stretch[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (to <= at) continue;
    const start = Math.max(from, at);
    if (start > at) out.push({ text: text.slice(at, start), marked: false });
    out.push({ text: text.slice(start, to), marked: true });
    at = to;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}
