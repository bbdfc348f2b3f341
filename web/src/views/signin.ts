// The sign-in page: organization, email, password.  Empty fields are flagged beside the field; the
// server's answer (wrong credentials, locked account, too many attempts) appears in the summary
// above the form, which is announced and takes focus.
import { login, type Session } from '../api';
import { h } from '../dom';
import { ErrorSummary, setFieldError, textField } from '../forms';

export function renderSignIn(root: HTMLElement, onSignedIn: (session: Session) => void): void {
  const organization = textField('Organization', 'organization', {
    autocomplete: 'organization',
    required: true,
    hint: 'The short name your administrator gave you, for example "demo".',
  });
  const email = textField('Email', 'email', { type: 'email', autocomplete: 'username', required: true });
  const password = textField('Password', 'password', {
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const summary = new ErrorSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'signin-title' },
    organization.wrapper, email.wrapper, password.wrapper, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing: string[] = [];
    for (const [field, label] of [
      [organization, 'Enter your organization.'],
      [email, 'Enter your email address.'],
      [password, 'Enter your password.'],
    ] as const) {
      const empty = field.control.value.trim() === '';
      setFieldError(field, empty ? label : null);
      if (empty) missing.push(label);
    }
    if (missing.length > 0) {
      summary.show('Some fields need your attention.', missing);
      return;
    }
    summary.hide();
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      const session = await login(
        organization.control.value.trim(),
        email.control.value.trim(),
        password.control.value,
      );
      onSignedIn(session);
    } catch (error) {
      password.control.value = '';
      summary.showError(error);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });

  root.replaceChildren(
    h('main', { id: 'main', class: 'signin', tabindex: '-1' },
      h('div', { class: 'card' },
        h('p', { class: 'brand' }, 'OpenROI'),
        h('h1', { id: 'signin-title' }, 'Sign in'),
        summary.element,
        form,
        h('p', { class: 'portal-link' }, 'Patient or outside requester? ',
          h('a', { href: '#/register' }, 'Create a portal account')))),
  );
  document.title = 'Sign in · OpenROI';
  organization.control.focus();
}
