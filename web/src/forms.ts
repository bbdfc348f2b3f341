// Form building blocks shared by every screen: labelled fields with their own error text
// (aria-describedby + aria-invalid), and an error summary next to the form that is announced
// (aria-live) and takes focus, listing what the server or the browser found wrong.
import { ApiError } from './api';
import { clear, h, uniqueId } from './dom';

export interface Field {
  wrapper: HTMLElement;
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
}

function wrap(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): Field {
  const id = control.id || uniqueId('field');
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintElement = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hint ? `${id}-hint` : '', `${id}-error`].join(' ').trim());
  const wrapper = h(
    'div',
    { class: control instanceof HTMLInputElement && control.type === 'checkbox' ? 'field check' : 'field' },
    ...(control instanceof HTMLInputElement && control.type === 'checkbox'
      ? [control, h('label', { for: id }, label), hintElement, error]
      : [h('label', { for: id }, label), hintElement, control, error]),
  );
  return { wrapper, control, error };
}

export function textField(
  label: string,
  name: string,
  options: { type?: string; value?: string; autocomplete?: string; required?: boolean; hint?: string; min?: string } = {},
): Field {
  const input = h('input', {
    name,
    type: options.type ?? 'text',
    autocomplete: options.autocomplete ?? 'off',
    required: options.required ?? false,
    min: options.min,
  });
  input.value = options.value ?? '';
  return wrap(label, input, options.hint);
}

export function selectField(
  label: string,
  name: string,
  choices: readonly (string | [string, string])[],
  value?: string,
): Field {
  const select = h(
    'select',
    { name },
    choices.map((choice) => {
      const [v, text] = typeof choice === 'string' ? [choice, choice] : choice;
      return h('option', { value: v }, text);
    }),
  );
  if (value !== undefined) select.value = value;
  return wrap(label, select);
}

export function textAreaField(label: string, name: string, options: { value?: string; hint?: string; rows?: number } = {}): Field {
  const area = h('textarea', { name, rows: options.rows ?? 3 });
  area.value = options.value ?? '';
  return wrap(label, area, options.hint);
}

export function checkField(label: string, name: string, checked = false): Field {
  const input = h('input', { name, type: 'checkbox' });
  input.checked = checked;
  return wrap(label, input);
}

export function setFieldError(field: Field, message: string | null): void {
  field.error.textContent = message ?? '';
  field.error.hidden = !message;
  if (message) field.control.setAttribute('aria-invalid', 'true');
  else field.control.removeAttribute('aria-invalid');
}

// "invalid organization, email or password" → "Invalid organization, email or password."
export function sentence(message: string): string {
  const text = message.trim();
  if (text === '') return text;
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

// The summary box placed before a form.  Empty and silent until show() is called.
export class ErrorSummary {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly list: HTMLUListElement;

  constructor() {
    this.title = h('p', { class: 'summary-title' });
    this.list = h('ul');
    this.element = h(
      'div',
      { class: 'error-summary', role: 'alert', 'aria-live': 'assertive', tabindex: '-1', hidden: true },
      this.title,
      this.list,
    );
  }

  show(message: string, items: string[] = []): void {
    this.title.textContent = message;
    clear(this.list);
    for (const item of items) this.list.appendChild(h('li', {}, item));
    this.element.hidden = false;
    this.element.focus();
  }

  showError(error: unknown): void {
    if (error instanceof ApiError) {
      this.show(sentence(error.message), error.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)));
    } else {
      this.show('Something went wrong. Please try again.');
    }
  }

  hide(): void {
    this.element.hidden = true;
    this.title.textContent = '';
    clear(this.list);
  }
}
