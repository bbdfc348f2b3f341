// Portal registration (#/register, before sign-in): a patient or an outside requester creates an
// account, is signed in, and lands on "My requests".  Field errors appear beside each field and in
// the summary above the form.
import { ApiError, login, type Session } from '../api';
import { h } from '../dom';
import { ErrorSummary, type Field, selectField, setFieldError, textField } from '../forms';
import { register } from '../portal_api';

export function renderPortalRegister(root: HTMLElement, onSignedIn: (session: Session) => void): void {
  const fields: Record<string, Field> = {
    organization: textField('Organization', 'organization', {
      required: true,
      autocomplete: 'organization',
      hint: 'The short name of the hospital or clinic, for example "demo".',
    }),
    kind: selectField('I am', 'kind', [['patient', 'The patient (or asking for my own records)'], ['requester', 'Someone else asking for records (attorney, insurer, …)']], 'patient'),
    requester_role: selectField('Your role', 'requester_role', [['attorney', 'Attorney'], ['insurer', 'Insurer'],
      ['provider', 'Health care provider'], ['personal_representative', 'Personal representative'],
      ['government_agency', 'Government agency'], ['other', 'Other']], 'attorney'),
    requester_organization: textField('Firm or company (optional)', 'requester_organization', { autocomplete: 'organization' }),
    name: textField('Your full name', 'name', { required: true, autocomplete: 'name' }),
    email: textField('Email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
    password: textField('Password', 'password', {
      type: 'password',
      required: true,
      autocomplete: 'new-password',
      hint: 'At least 12 characters.',
    }),
  };
  const requesterOnly = [fields.requester_role!.wrapper, fields.requester_organization!.wrapper];
  const showRequester = () => {
    for (const wrapper of requesterOnly) wrapper.hidden = fields.kind!.control.value !== 'requester';
  };
  fields.kind!.control.addEventListener('change', showRequester);
  showRequester();
  const summary = new ErrorSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create account');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'register-title' },
    ...Object.values(fields).map((f) => f.wrapper), submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name: string) => fields[name]!.control.value.trim();
    const problems: string[] = [];
    for (const [name, message] of [['organization', 'Enter the organization.'], ['name', 'Enter your name.'],
      ['email', 'Enter your email address.']] as const) {
      const bad = value(name) === '';
      setFieldError(fields[name]!, bad ? message : null);
      if (bad) problems.push(message);
    }
    const shortPassword = fields.password!.control.value.length < 12;
    setFieldError(fields.password!, shortPassword ? 'Use at least 12 characters.' : null);
    if (shortPassword) problems.push('Use a password of at least 12 characters.');
    if (problems.length > 0) return summary.show('Some fields need your attention.', problems);
    summary.hide();
    submit.disabled = true;
    const kind = value('kind') === 'requester' ? 'requester' : 'patient';
    try {
      await register({
        organization: value('organization'),
        email: value('email'),
        password: fields.password!.control.value,
        name: value('name'),
        kind,
        requester_role: kind === 'requester' ? value('requester_role') : undefined,
        requester_organization: kind === 'requester' ? value('requester_organization') || undefined : undefined,
      });
      const session = await login(value('organization'), value('email'), fields.password!.control.value);
      window.location.hash = '#/portal';
      onSignedIn(session);
    } catch (error) {
      for (const field of Object.values(fields)) setFieldError(field, null);
      if (error instanceof ApiError) {
        for (const detail of error.details) {
          const field = fields[detail.path];
          if (field) setFieldError(field, detail.message);
        }
        if (error.status === 409) setFieldError(fields.email!, 'This email is already registered. Sign in instead.');
        if (error.status === 404) setFieldError(fields.organization!, 'There is no organization with this name.');
      }
      summary.showError(error);
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(
    h('main', { id: 'main', class: 'signin', tabindex: '-1' },
      h('div', { class: 'card' },
        h('p', { class: 'brand' }, 'OpenROI'),
        h('h1', { id: 'register-title' }, 'Create a portal account'),
        h('p', { class: 'lead' }, 'Ask for medical records, follow your request, pay and download, without calling.'),
        summary.element,
        form,
        h('p', {}, 'Already registered? ', h('a', { href: '#/' }, 'Sign in')))),
  );
  document.title = 'Create a portal account · OpenROI';
  fields.organization!.control.focus();
}
