import { useId, type ReactNode } from 'react';

/**
 * The last step before an action that cannot be undone (revoke a key, retire a purpose, erase a person): what will
 * happen, the action in the danger style, and Cancel. While the action runs its button says so and another click
 * sends nothing (the action is asked once); its error shows under the buttons. `focusTarget` takes the element focus
 * moves to when the step opens: the heading when there is one, else the group.
 */
export function ConfirmAction(props: {
  /** The group's name; with `heading`, also shown as its heading. */
  label: string;
  heading?: boolean;
  children: ReactNode;
  /** The action's button, e.g. "Revoke key", and its text while it runs, e.g. "Revoking…". */
  action: string;
  pendingAction: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  error?: ReactNode;
  small?: boolean;
  focusTarget: (element: HTMLElement | null) => void;
}) {
  const headingId = useId();
  const size = props.small ? ' button--small' : '';
  return (
    <div
      className="confirm"
      role="group"
      {...(props.heading ? { 'aria-labelledby': headingId } : { 'aria-label': props.label })}
      ref={props.heading ? undefined : props.focusTarget}
      tabIndex={props.heading ? undefined : -1}
    >
      {props.heading && (
        <h3 id={headingId} tabIndex={-1} ref={props.focusTarget}>
          {props.label}
        </h3>
      )}
      {props.children}
      <div className="actions">
        <button
          type="button"
          className={`button button--danger${size}`}
          aria-disabled={props.pending}
          onClick={() => !props.pending && props.onConfirm()}
        >
          {props.pending ? props.pendingAction : props.action}
        </button>
        <button type="button" className={`button button--quiet${size}`} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {props.error}
    </div>
  );
}
