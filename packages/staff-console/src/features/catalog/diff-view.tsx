import { diffWords } from '@assent/web-kit';

/** One text with the words removed from `before` struck through and those added underlined (colour is not the only cue). */
export function DiffText({ before, after, show }: { before: string; after: string; show: 'old' | 'new' }) {
  const parts = diffWords(before, after);
  return (
    <>
      {parts.map((part, index) => {
        if (part.kind === 'same') return <span key={index}>{part.text}</span>;
        if (part.kind === 'removed') return show === 'old' ? <del key={index}>{part.text}</del> : null;
        return show === 'new' ? <ins key={index}>{part.text}</ins> : null;
      })}
    </>
  );
}

/** A purpose's text in two notice versions, side by side, with the word changes marked. */
export function PurposeTextCompare({
  oldLabel,
  newLabel,
  before,
  after,
}: {
  oldLabel: string;
  newLabel: string;
  before: { title: string; description: string } | undefined;
  after: { title: string; description: string } | undefined;
}) {
  return (
    <div className="compare">
      <div className="compare-old">
        <p className="compare-label">{oldLabel}</p>
        {before ? (
          <>
            <p className="compare-title">
              <DiffText before={before.title} after={after?.title ?? before.title} show="old" />
            </p>
            <p>
              <DiffText before={before.description} after={after?.description ?? before.description} show="old" />
            </p>
          </>
        ) : (
          <p className="meta">Not in this version.</p>
        )}
      </div>
      <div className="compare-new">
        <p className="compare-label">{newLabel}</p>
        {after ? (
          <>
            <p className="compare-title">
              <DiffText before={before?.title ?? after.title} after={after.title} show="new" />
            </p>
            <p>
              <DiffText before={before?.description ?? after.description} after={after.description} show="new" />
            </p>
          </>
        ) : (
          <p className="meta">Not in this version.</p>
        )}
      </div>
    </div>
  );
}

/** True when a purpose's wording differs between two versions. */
export function textChanged(
  before: { title: string; description: string } | undefined,
  after: { title: string; description: string } | undefined,
): boolean {
  if (!before || !after) return before !== after;
  return before.title.trim() !== after.title.trim() || before.description.trim() !== after.description.trim();
}
