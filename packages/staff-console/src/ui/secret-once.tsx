import { useEffect, useId, useRef, useState } from 'react';

/**
 * A secret the server returns once (API key, webhook signing secret): shown
 * selected, with a copy button, until the admin confirms it is stored.
 */
export function SecretOnce({
  label,
  secret,
  onDone,
  kept = 'It is shown only this once; the server keeps only a hash. If it is lost, create a new one and revoke this.',
}: {
  label: string;
  secret: string;
  onDone: () => void;
  /** What the server keeps of it, and what to do if it is lost. */
  kept?: string;
}) {
  const inputId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard (plain http, or refused): leave the text selected for Ctrl+C.
      const input = document.getElementById(inputId) as HTMLInputElement | null;
      input?.select();
      setCopied('no');
    }
  };

  return (
    <div className="secret" data-testid="secret-once">
      <h3 ref={headingRef} tabIndex={-1}>
        Copy the {label} now
      </h3>
      <p>{kept}</p>
      <div className="field">
        <label htmlFor={inputId}>{label[0]?.toUpperCase() + label.slice(1)}</label>
        <input
          id={inputId}
          className="secret-value"
          readOnly
          value={secret}
          onFocus={(event) => event.target.select()}
          spellCheck={false}
        />
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button button--primary" onClick={onDone}>
          I have stored it
        </button>
      </div>
      <p role="status" className="meta">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'no'
            ? 'The browser did not allow copying: the text is selected, press Ctrl+C.'
            : ''}
      </p>
    </div>
  );
}
