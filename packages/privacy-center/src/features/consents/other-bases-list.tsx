import { useMessages } from '../../i18n/messages';
import type { Me } from './consent.queries';

/** "Processing that does not need your consent": each purpose with its lawful basis in plain words. */
export function OtherBasesList({ me }: { me: Me }) {
  const m = useMessages();
  const items = me.purposes.filter((item) => !item.purpose.requiresConsent);
  return (
    <section aria-labelledby="other-bases-heading" className="card">
      <h2 id="other-bases-heading">{m.otherBases.heading}</h2>
      <p className="lead">{m.otherBases.intro}</p>
      {items.length === 0 ? (
        <p>{m.otherBases.none}</p>
      ) : (
        <ul className="purpose-list">
          {items.map((item) => (
            <li key={item.purpose.key} className="purpose purpose--static">
              <div className="purpose-text">
                <h3>{item.purpose.title}</h3>
                <p>{item.purpose.description}</p>
                <p className="basis">
                  <strong>{m.otherBases.basisLabel}</strong> {m.otherBases.basis[item.purpose.legalBasis]}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
