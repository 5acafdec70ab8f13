// Form pieces with the accessibility wiring done once: a real <label> for
// each input, the error linked to its input by aria-describedby and marked
// with aria-invalid, and a submit button that says when it is working.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';

/** The input attributes the pages use; kept narrow so every field reads the same. */
interface InputProps {
  type: 'email' | 'password' | 'text';
  autocomplete?: string;
  required?: boolean;
  inputMode?: 'numeric' | 'text';
  minLength?: number;
  maxLength?: number;
  autocapitalize?: 'characters' | 'off';
}

export function Field(
  props: InputProps & {
    id: string;
    label: string;
    value: string;
    onValue: (value: string) => void;
    /** The message of an error about this field; rendered and linked when set. */
    error?: string | undefined;
    hint?: string;
    /** The step's alert region, when its messages are about this field too. */
    alertId?: string;
    /** Take focus on appearing: the field replaced the control that had it. */
    focus?: boolean;
  },
) {
  const { id, label, value, onValue, error, hint, alertId, focus, type, ...input } = props;
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, []);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', alertId ?? ''].filter(
    Boolean,
  );
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        {...input}
        // Preact types each input type apart and takes no union of them;
        // typescript-eslint does not see that, tsc does.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        type={type as 'text'}
        ref={ref}
        id={id}
        name={id}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A form whose submit runs `action` once at a time, with the button showing it is busy. */
export function Form(props: {
  action: () => Promise<void> | void;
  submit: string;
  /** The submit cannot be undone (deleting the account): the button says so by its colour too. */
  destructive?: boolean;
  children?: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await props.action();
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      {props.children}
      <button
        type="submit"
        class={props.destructive ? 'primary destructive' : 'primary'}
        disabled={busy}
        aria-busy={busy ? 'true' : undefined}
      >
        {busy ? t('common.working') : props.submit}
      </button>
    </form>
  );
}

/** A button that looks like a link, for secondary actions inside a step. */
export function LinkButton(props: {
  onClick: () => void | Promise<void>;
  children: ComponentChildren;
}) {
  return (
    <button type="button" class="link" onClick={() => void props.onClick()}>
      {props.children}
    </button>
  );
}
