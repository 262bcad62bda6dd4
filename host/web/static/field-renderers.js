// Generic renderers of settings field types (SETTINGS-FORMAT). A registry: a new type is one entry.
// Each renderer gets { id, name, def, value, options, optionLabel, onChange } and returns
// { control, get(), set(value), setReadOnly(bool) }. get() returning undefined means "unchanged".
import { el, t } from './api.js';
import { multiEnum, teamMapping } from './field-composite.js';

function textInput(type, extra = {}) {
  return ({ id, value, onChange }) => {
    const input = el('input', { id, type, ...extra });
    input.value = value ?? '';
    input.addEventListener('input', onChange);
    return {
      control: input,
      get: () => input.value,
      set: (v) => {
        input.value = v ?? '';
      },
      setReadOnly: (on) => {
        input.readOnly = on;
      },
    };
  };
}

function nullableText(type, extra) {
  const make = textInput(type, extra);
  return (ctx) => {
    const r = make(ctx);
    return { ...r, get: () => (r.get() === '' && ctx.def.nullable ? null : r.get()) };
  };
}

function intInput(ctx) {
  const r = textInput('number', { step: 1, min: ctx.def.min, max: ctx.def.max, inputmode: 'numeric' })(ctx);
  return {
    ...r,
    get: () => {
      const raw = r.get();
      if (raw === '') return null;
      const n = Number(raw);
      return Number.isInteger(n) ? n : raw;
    },
  };
}

function passwordInput({ id, value, onChange }) {
  const isSet = Boolean(value && value.isSet);
  // stale: the saved secret may not be used any more (a setting it is bound to changed): it counts as
  // not set until typed again (or cleared).
  let stale = false;
  const input = el('input', {
    id,
    type: 'password',
    autocomplete: 'new-password',
    placeholder: isSet ? '••••••••' : '',
  });
  const clear = el('input', { type: 'checkbox', id: `${id}-clear` });
  const status = el('span', {
    class: 'hint',
    'data-secret-status': isSet ? 'set' : 'unset',
    text: isSet ? t('Settings', 'labels', 'Set') : t('Settings', 'labels', 'Not set'),
  });
  const idle = () => {
    if (input.value) return t('Settings', 'labels', 'Secret replaced');
    if (stale) return t('Settings', 'labels', 'Secret re-entry needed');
    return isSet ? t('Settings', 'labels', 'Set') : t('Settings', 'labels', 'Not set');
  };
  const show = () => {
    status.textContent = idle();
    status.dataset.secretStatus = stale && !input.value ? 'reenter' : isSet ? 'set' : 'unset';
    input.placeholder = isSet && !stale ? '••••••••' : '';
  };
  // Typing a new secret says so; the stored state stays in data-secret-status.
  input.addEventListener('input', () => {
    show();
    onChange();
  });
  clear.addEventListener('change', () => {
    input.disabled = clear.checked;
    onChange();
  });
  const control = el(
    'div',
    {},
    input,
    el(
      'div',
      { class: 'inline' },
      status,
      isSet ? el('label', { class: 'check', for: `${id}-clear` }, clear, t('Settings', 'labels', 'Clear')) : null,
    ),
  );
  return {
    control,
    // Never echoed: unchanged unless typed or cleared.
    get: () => (clear.checked ? null : input.value === '' ? undefined : input.value),
    set: () => {
      input.value = '';
      clear.checked = false;
      input.disabled = false;
      show();
    },
    setReadOnly: (on) => {
      input.readOnly = on;
    },
    /** The saved value may not be used (see `stale` above). */
    setStale: (on) => {
      if (stale === Boolean(on) || !isSet) return;
      stale = Boolean(on);
      show();
    },
    /** For dynamic logic: whether the secret will have a value after saving. */
    effective: () => (clear.checked ? '' : input.value !== '' || (isSet && !stale) ? '(set)' : ''),
  };
}

function enumSelect({ id, value, options, optionLabel, onChange, def }) {
  const select = el(
    'select',
    { id },
    def.nullable ? el('option', { value: '', text: '' }) : null,
    options.map((o) => el('option', { value: o, text: optionLabel(o) })),
  );
  select.value = value ?? '';
  select.addEventListener('change', onChange);
  return {
    control: select,
    get: () => (select.value === '' && def.nullable ? null : select.value),
    set: (v) => {
      select.value = v ?? '';
    },
    setReadOnly: (on) => {
      select.disabled = on;
    },
  };
}

function boolInput({ id, value, onChange }) {
  const box = el('input', { id, type: 'checkbox' });
  box.checked = value === true;
  box.addEventListener('change', onChange);
  return {
    control: box,
    get: () => box.checked,
    set: (v) => {
      box.checked = v === true;
    },
    setReadOnly: (on) => {
      box.disabled = on;
    },
    inlineLabel: true,
  };
}

export function readOnlyField({ id, value }) {
  const input = el('input', { id, type: 'text', readonly: true });
  input.value = value ?? '';
  const copy = el('button', { type: 'button', class: 'secondary small', text: t('Settings', 'labels', 'Copy') });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select();
    }
    copy.textContent = t('Settings', 'labels', 'Copied');
    setTimeout(() => {
      copy.textContent = t('Settings', 'labels', 'Copy');
    }, 1500);
  });
  return {
    control: el('div', { class: 'inline' }, input, copy),
    get: () => undefined,
    set: (v) => {
      input.value = v ?? '';
    },
    setReadOnly: () => {},
  };
}

export const FIELD_RENDERERS = {
  varchar: (ctx) => nullableText('text', { maxlength: ctx.def.maxLength ?? 255 })(ctx),
  text: (ctx) => {
    const area = el('textarea', { id: ctx.id });
    area.value = ctx.value ?? '';
    area.addEventListener('input', ctx.onChange);
    return {
      control: area,
      get: () => (area.value === '' && ctx.def.nullable ? null : area.value),
      set: (v) => {
        area.value = v ?? '';
      },
      setReadOnly: (on) => {
        area.readOnly = on;
      },
    };
  },
  password: passwordInput,
  url: (ctx) => nullableText('url', { inputmode: 'url', spellcheck: 'false' })(ctx),
  enum: enumSelect,
  multiEnum,
  bool: boolInput,
  int: intInput,
  duration: (ctx) => nullableText('text', { placeholder: '10 minutes', spellcheck: 'false' })(ctx),
  teamMapping,
};
