// Choose what to sync: one checkbox per engine Firefox offered in its
// fxa_status answer, all on; the unticked ones go to Firefox as declined.
import { useState } from 'preact/hooks';
import { Form } from '../components/form.js';
import { Step } from '../components/step.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { SyncChoice } from './firefox.js';

const engineLabel = (engine: string) => {
  const key = `signin.engine.${engine}` as MessageKey;
  const label = t(key);
  // An engine newer than these pages shows under its own name.
  return label === key ? engine : label;
};

export function ChooseStep(props: { engines: string[]; onChoose: (choice: SyncChoice) => void }) {
  const [declined, setDeclined] = useState<Set<string>>(new Set());
  function toggle(engine: string, on: boolean) {
    const next = new Set(declined);
    if (on) next.delete(engine);
    else next.add(engine);
    setDeclined(next);
  }
  function submit() {
    props.onChoose({
      offered: props.engines,
      declined: props.engines.filter((e) => declined.has(e)),
    });
  }
  return (
    <Step title={t('signin.cwts.heading')}>
      <p id="cwts-intro">{t('signin.cwts.intro')}</p>
      <Form action={submit} submit={t('signin.cwts.submit')}>
        <fieldset aria-describedby="cwts-intro">
          <legend class="visually-hidden">{t('signin.cwts.heading')}</legend>
          {props.engines.map((engine) => (
            <label class="check" key={engine}>
              <input
                type="checkbox"
                name={engine}
                checked={!declined.has(engine)}
                onChange={(e) => toggle(engine, e.currentTarget.checked)}
              />
              {engineLabel(engine)}
            </label>
          ))}
        </fieldset>
      </Form>
    </Step>
  );
}
