// Choosing a new password, entered twice: at sign-up, in settings and at
// the end of a reset. The pages check length and match before anything is
// stretched, so a typo costs no PBKDF2 round and no request; each area
// words the labels and errors its own way, so they come in as strings.
import { Field } from './form.js';

/** FxA's own minimum. */
export const MIN_PASSWORD_LENGTH = 8;

export interface NewPasswordErrors {
  password?: string;
  confirm?: string;
}

/** The first problem with the pair, worded by `say`; empty when there is none. */
export function checkNewPassword(
  password: string,
  confirm: string,
  say: { tooShort: string; mismatch: string },
): NewPasswordErrors {
  if (password.length < MIN_PASSWORD_LENGTH) return { password: say.tooShort };
  if (confirm !== password) return { confirm: say.mismatch };
  return {};
}

export function NewPasswordFields(props: {
  labels: { password: string; confirm: string; hint: string };
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  errors: NewPasswordErrors;
  /** The step's alert region, when its messages are about these fields too. */
  alertId?: string;
}) {
  return (
    <>
      <Field
        id="new-password"
        type="password"
        label={props.labels.password}
        autocomplete="new-password"
        minLength={MIN_PASSWORD_LENGTH}
        required
        hint={props.labels.hint}
        value={props.password}
        onValue={props.onPassword}
        error={props.errors.password}
        {...(props.alertId === undefined ? {} : { alertId: props.alertId })}
      />
      <Field
        id="confirm-password"
        type="password"
        label={props.labels.confirm}
        autocomplete="new-password"
        required
        value={props.confirm}
        onValue={props.onConfirm}
        error={props.errors.confirm}
      />
    </>
  );
}
