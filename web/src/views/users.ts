// Administration: the organization's users (#/admin/users, needs manage_users) over
// /api/v1/users: the list (role, release authorization, training attestation, disabled, locked);
// "Add a user" (POST); per user "Manage": role, release authorization and training dates
// (PATCH /api/v1/users/{id}; a role change ends the user's sessions), a new password
// (POST …/password) and "Disable" (POST …/disable).  Passwords travel in bodies only.
import { ApiError, request, type Session } from '../api';
import { clear, h } from '../dom';
import { checkField, ErrorSummary, type Field, selectField, sentence, setFieldError, textField } from '../forms';
import { fieldOfMessage } from '../detail_logic';
import { ROLES, roleLabel } from '../permissions';

export interface AdminUser {
  id: number;
  email: string;
  display_name: string;
  role: string;
  disabled: boolean;
  locked: boolean;
  release_authorized: boolean;
  training_attested_on: string | null;
  training_expires_on: string | null;
  version: number;
}

const ROLE_CHOICES = ROLES.map((r) => [r, roleLabel(r)] as [string, string]);

// Shows an API failure beside the field it names and in the summary.
function showFailure(error: unknown, fields: Record<string, Field>, summary: ErrorSummary): void {
  if (error instanceof ApiError) {
    const name = fieldOfMessage(error.message, Object.keys(fields));
    if (name) setFieldError(fields[name]!, sentence(error.message));
  }
  summary.showError(error);
}

function createForm(summary: ErrorSummary, created: (user: AdminUser) => void): HTMLElement {
  const email = textField('Email', 'new_email', { type: 'email', hint: 'Lower case; the user signs in with it.' });
  const name = textField('Display name', 'new_display_name');
  const role = selectField('Role', 'new_role', ROLE_CHOICES, 'roi_specialist');
  const password = textField('Initial password', 'new_password', { type: 'password', autocomplete: 'new-password', hint: '12 characters or more. Tell the user through another channel.' });
  const release = checkField('May release records', 'new_release_authorized');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add user');
  const fields: Record<string, Field> = { email, display_name: name, role, password };
  const form = h('form', { novalidate: true, class: 'user-create' },
    h('fieldset', {}, h('legend', {}, 'Add a user'),
      h('div', { class: 'grid' }, email.wrapper, name.wrapper, role.wrapper, password.wrapper), release.wrapper, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) setFieldError(f, null);
    const problems: string[] = [];
    const need = (field: Field, label: string, message: string) => {
      setFieldError(field, message);
      problems.push(`${label}: ${message}`);
    };
    if (!/^[^@\s]+@[^@\s]+$/.test(email.control.value.trim())) need(email, 'Email', 'Enter an email address.');
    if (name.control.value.trim() === '') need(name, 'Display name', 'Enter the name to show.');
    if (password.control.value.length < 12) need(password, 'Initial password', 'Use at least 12 characters.');
    if (problems.length > 0) {
      summary.show('The user was not added:', problems);
      return;
    }
    submit.disabled = true;
    try {
      const user = await request<AdminUser>('POST', '/api/v1/users', {
        email: email.control.value.trim().toLowerCase(),
        display_name: name.control.value.trim(),
        role: role.control.value,
        password: password.control.value,
        release_authorized: (release.control as HTMLInputElement).checked,
      });
      summary.hide();
      form.reset();
      created(user);
    } catch (error) {
      password.control.value = '';
      showFailure(error, fields, summary);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function manageForm(user: AdminUser, me: Session, summary: ErrorSummary, changed: (user: AdminUser, message: string) => void): HTMLElement {
  const role = selectField('Role', 'edit_role', ROLE_CHOICES, user.role);
  const release = checkField('May release records', 'edit_release_authorized', user.release_authorized);
  const attested = textField('Training attested on', 'training_attested_on', { type: 'date', value: user.training_attested_on ?? '' });
  const expires = textField('Training expires on', 'training_expires_on', { type: 'date', value: user.training_expires_on ?? '' });
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save changes');
  const fields: Record<string, Field> = { role, release_authorized: release, training_attested_on: attested, training_expires_on: expires };
  const edit = h('form', { novalidate: true, class: 'user-edit' },
    h('fieldset', {}, h('legend', {}, 'Role, release authorization and training'),
      h('div', { class: 'grid' }, role.wrapper, attested.wrapper, expires.wrapper), release.wrapper, save));
  edit.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) setFieldError(f, null);
    if (attested.control.value && expires.control.value && expires.control.value < attested.control.value) {
      setFieldError(expires, 'The expiry date must not be before the attestation date.');
      summary.show('Nothing was saved:', ['Training expires on: not before the attestation date.']);
      return;
    }
    const body: Record<string, unknown> = {
      release_authorized: (release.control as HTMLInputElement).checked,
      training_attested_on: attested.control.value || null,
      training_expires_on: expires.control.value || null,
    };
    if (role.control.value !== user.role) body.role = role.control.value;
    save.disabled = true;
    try {
      const next = await request<AdminUser>('PATCH', `/api/v1/users/${user.id}`, body);
      summary.hide();
      changed(next, body.role ? `Saved. ${next.email} is now ${roleLabel(next.role)}; their sessions were ended.` : `Saved the changes to ${next.email}.`);
    } catch (error) {
      showFailure(error, fields, summary);
      save.disabled = false;
    }
  });

  const password = textField('New password', 'reset_password', { type: 'password', autocomplete: 'new-password', hint: '12 characters or more; ends the user\'s sessions and clears a lockout.' });
  const reset = h('button', { type: 'submit' }, 'Set password');
  const resetForm = h('form', { novalidate: true, class: 'user-password' },
    h('fieldset', {}, h('legend', {}, 'Reset the password'), password.wrapper, reset));
  resetForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    setFieldError(password, null);
    if (password.control.value.length < 12) {
      setFieldError(password, 'Use at least 12 characters.');
      summary.show('The password was not set:', ['New password: use at least 12 characters.']);
      return;
    }
    reset.disabled = true;
    try {
      const next = await request<AdminUser>('POST', `/api/v1/users/${user.id}/password`, { password: password.control.value });
      summary.hide();
      changed(next, `New password set for ${next.email}.`);
    } catch (error) {
      password.control.value = '';
      showFailure(error, { password }, summary);
      reset.disabled = false;
    }
  });

  const self = user.id === me.user.id;
  const disable = h('button', { type: 'button', class: 'danger', disabled: user.disabled || self }, user.disabled ? 'Disabled' : 'Disable user');
  disable.addEventListener('click', async () => {
    disable.disabled = true;
    try {
      const next = await request<AdminUser>('POST', `/api/v1/users/${user.id}/disable`);
      summary.hide();
      changed(next, `${next.email} is disabled; their sessions and API tokens stop working.`);
    } catch (error) {
      summary.showError(error);
      disable.disabled = false;
    }
  });
  return h('section', { class: 'user-manage', 'aria-labelledby': 'manage-title' },
    h('h2', { id: 'manage-title', tabindex: '-1' }, `Manage ${user.display_name || user.email}`),
    h('p', {}, user.email),
    edit, resetForm,
    h('div', { class: 'actions' }, disable,
      self ? h('span', { class: 'hint' }, 'You cannot disable yourself.') : null));
}

export function renderUsers(main: HTMLElement, session: Session): void {
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the users…');
  const list = h('div', { class: 'user-list' });
  const manage = h('div');
  let users: AdminUser[] = [];

  const draw = () => {
    clear(list);
    list.append(h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Users'),
      h('thead', {}, h('tr', {}, ['Name', 'Email', 'Role', 'May release', 'Training', 'Status', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, users.map((u) => {
        const open = h('button', { type: 'button', class: 'link-button' }, `Manage ${u.display_name || u.email}`);
        open.addEventListener('click', () => select(u));
        return h('tr', { 'data-user': u.id },
          h('td', {}, u.display_name), h('td', {}, u.email), h('td', {}, roleLabel(u.role)),
          h('td', {}, u.release_authorized ? 'Yes' : 'No'),
          h('td', {}, u.training_attested_on ? `${u.training_attested_on} to ${u.training_expires_on ?? '—'}` : 'Not attested'),
          h('td', {}, u.disabled ? 'Disabled' : u.locked ? 'Locked' : 'Active'),
          h('td', {}, open));
      }))));
  };
  const select = (user: AdminUser) => {
    manage.replaceChildren(manageForm(user, session, summary, (next, message) => {
      users = users.map((u) => (u.id === next.id ? next : u));
      draw();
      status.textContent = message;
      select(next);
    }));
    (manage.querySelector('h2') as HTMLElement).focus();
  };

  main.append(h('h1', {}, 'Users'), summary.element, status, list, manage,
    createForm(summary, (user) => {
      users = [...users, user];
      draw();
      status.textContent = `Added ${user.email} as ${roleLabel(user.role)}.`;
    }));
  request<{ users: AdminUser[] }>('GET', '/api/v1/users')
    .then((answer) => {
      users = answer.users;
      status.textContent = `${users.length} users.`;
      draw();
    })
    .catch((error: unknown) => {
      status.textContent = '';
      summary.showError(error);
    });
}
