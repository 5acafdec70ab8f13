// The frame of every page and flow step: a heading that takes focus when
// the step appears (so a screen reader announces the new step and Tab
// starts from it), and one live region for the step's error or notice.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function Step(props: { title: string; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    document.title = props.title;
  }, [props.title]);
  return (
    <section class="step">
      <h1 tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      {props.children}
    </section>
  );
}

/** Announced when its text changes; `id` lets fields point at it with aria-describedby. */
export function Alert(props: { id?: string; message?: string | undefined }) {
  return (
    <p id={props.id} role="alert" class={props.message ? 'alert' : 'alert empty'}>
      {props.message ?? ''}
    </p>
  );
}

/** A polite notice, for good news ("a new code is on its way"). */
export function Notice(props: { message?: string | undefined }) {
  return (
    <p role="status" aria-live="polite" class={props.message ? 'notice' : 'notice empty'}>
      {props.message ?? ''}
    </p>
  );
}
