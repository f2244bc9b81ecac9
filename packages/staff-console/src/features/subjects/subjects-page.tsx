import { useId, useState, type FormEvent } from 'react';
import { navigate } from '../../routing/router';
import { PageLayout } from '../../ui/page-layout';
import { SubjectLists } from './subject-lists';
import { SubjectView } from './subject-view';

/** Find a subject by id, then everything about them. */
export function SubjectsPage({ subjectId }: { subjectId?: string }) {
  return (
    <PageLayout title={subjectId ? `Subject ${subjectId}` : 'Subjects'} current="subjects">
      <SubjectSearch key={`search:${subjectId ?? ''}`} current={subjectId} />
      {subjectId ? (
        <SubjectView key={subjectId} subjectId={subjectId} />
      ) : (
        <p className="lead">
          Enter the id the product knows the person by (the same id product teams send to the API), or its first
          characters to pick from the matches. You will see their consent for every purpose, the full ledger, and can
          record a decision they made by phone or on paper.
        </p>
      )}
    </PageLayout>
  );
}

function SubjectSearch({ current }: { current?: string }) {
  const inputId = useId();
  const errorId = useId();
  const [value, setValue] = useState(current ?? '');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Subject ids never start or end with spaces (the API refuses them), but pasted ones often do.
    const subjectId = value.trim();
    if (!subjectId) {
      setError('Enter a subject ID.');
      return;
    }
    setError(null);
    setValue(subjectId);
    if (subjectId !== current) navigate({ page: 'subjects', subjectId });
  };

  return (
    <>
      <div className="card search-card">
        <form role="search" aria-label="Find a subject" onSubmit={submit} noValidate className="search-form">
          <div className="field field--grow">
            <label htmlFor={inputId}>Subject ID</label>
            <input
              id={inputId}
              type="search"
              name="subjectId"
              autoComplete="off"
              spellCheck={false}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
            {error && (
              <p id={errorId} className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <button type="submit" className="button button--primary">
            Find subject
          </button>
        </form>
      </div>
      {current ? null : <SubjectLists typed={value} />}
    </>
  );
}
