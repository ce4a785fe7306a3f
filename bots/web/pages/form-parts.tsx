/** What is wrong with a field, said right under it and tied to it by its id (aria-describedby). */
export function FieldError(props: { id: string; message?: string }) {
  return props.message ? (
    <p id={props.id} class="field-error">
      {props.message}
    </p>
  ) : null;
}

/** The box that confirms an answer that cannot be taken back, with its error under it. */
export function ConfirmBox(props: { label: string; errorId: string; error?: string }) {
  return (
    <>
      <label class="choice">
        <input
          type="checkbox"
          name="confirm"
          value="yes"
          aria-describedby={props.error ? props.errorId : undefined}
          aria-invalid={props.error ? 'true' : undefined}
        />{' '}
        {props.label}
      </label>
      <FieldError id={props.errorId} message={props.error} />
    </>
  );
}
