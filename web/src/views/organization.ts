// Administration: the organization's settings (#/admin/organization) and its facilities
// (#/admin/facilities), both for manage_users, over GET/PUT /api/v1/organization and
// GET/POST /api/v1/facilities, PUT /api/v1/facilities/{id}.  Each save sends the version read;
// a 409 says someone else changed it first and offers to reload.  The server validates; the
// browser only catches the obvious (empty name, state not two letters, NPI not 10 digits).
import { ApiError, request, type Session } from '../api';
import { clear, h } from '../dom';
import { checkField, ErrorSummary, type Field, selectField, sentence, setFieldError, textField } from '../forms';
import { roleLabel } from '../permissions';

export interface OrganizationSettings {
  id: number;
  name: string;
  slug: string;
  state: string;
  entity_type: string;
  part2_program: boolean;
  assignment_scoped_roles: string[] | null;
  default_assignment_scoped_roles: string[];
  effective_assignment_scoped_roles: string[];
  version: number;
}

export interface Facility {
  id: number;
  name: string;
  npi: string;
  version: number;
}

export const ENTITY_TYPES: [string, string][] = [
  ['hospital', 'Hospital'],
  ['physician_practice', 'Physician practice'],
  ['behavioral_health', 'Behavioral health'],
  ['health_plan', 'Health plan'],
  ['other', 'Other'],
];

// The staff roles that can read patients, and so may be limited to assigned patients.
export const SCOPABLE_ROLES = ['clinician', 'roi_specialist', 'supervisor', 'billing', 'privacy_officer', 'administrator'];

// Puts an API failure beside the field its detail names, and in the summary.
function showFailure(error: unknown, fields: Record<string, Field>, summary: ErrorSummary, reload?: () => void): void {
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      const field = fields[detail.path];
      if (field) setFieldError(field, sentence(detail.message));
    }
    if (error.status === 409 && reload) {
      summary.show('Someone else changed this while you were editing. Reload to see their changes, then make yours again.');
      const again = h('button', { type: 'button' }, 'Reload');
      again.addEventListener('click', reload);
      summary.element.append(again);
      return;
    }
  }
  summary.showError(error);
}

function rolesText(roles: string[]): string {
  return roles.length === 0 ? 'nobody' : roles.map(roleLabel).join(', ');
}

// `saved` shows the settings the server returned; `reload` fetches them again (after a 409).
function settingsForm(settings: OrganizationSettings, summary: ErrorSummary, status: HTMLElement,
  saved: (next: OrganizationSettings) => void, reload: () => void): HTMLElement {
  const name = textField('Name', 'org_name', { value: settings.name });
  const state = textField('State', 'org_state', { value: settings.state, hint: 'Two-letter US state whose law applies on top of federal law, e.g. CA.' });
  const entity = selectField('Entity type', 'org_entity_type', ENTITY_TYPES, settings.entity_type);
  const part2 = checkField('Runs a 42 CFR Part 2 program', 'org_part2_program', settings.part2_program);
  const own = settings.assignment_scoped_roles !== null;
  const useDefault = checkField(`Use the deployment's default (${rolesText(settings.default_assignment_scoped_roles)})`, 'scoped_default', !own);
  const roleBoxes = SCOPABLE_ROLES.map((role) =>
    checkField(roleLabel(role), `scoped_${role}`, (settings.assignment_scoped_roles ?? settings.default_assignment_scoped_roles).includes(role)));
  const rolesGroup = h('fieldset', { class: 'scoped-roles' },
    h('legend', {}, 'Roles limited to assigned patients'),
    h('p', { class: 'hint', id: 'scoped-hint' }, 'Users of these roles open a patient only while assigned to the patient\'s open work, or by breaking the glass with a reason.'),
    useDefault.wrapper, ...roleBoxes.map((b) => b.wrapper));
  const syncRoles = () => {
    for (const box of roleBoxes) (box.control as HTMLInputElement).disabled = (useDefault.control as HTMLInputElement).checked;
  };
  useDefault.control.addEventListener('change', syncRoles);
  syncRoles();
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save settings');
  const fields: Record<string, Field> = { name, state, entity_type: entity, part2_program: part2, assignment_scoped_roles: useDefault };
  const form = h('form', { novalidate: true, class: 'organization-settings' },
    h('fieldset', {}, h('legend', {}, 'Organization'),
      h('div', { class: 'grid' }, name.wrapper, state.wrapper, entity.wrapper), part2.wrapper),
    rolesGroup, save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) setFieldError(f, null);
    const problems: string[] = [];
    if (name.control.value.trim() === '') {
      setFieldError(name, 'Enter the organization\'s name.');
      problems.push('Name: enter the organization\'s name.');
    }
    const stateText = state.control.value.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(stateText)) {
      setFieldError(state, 'Enter a two-letter state code such as CA.');
      problems.push('State: enter a two-letter state code such as CA.');
    }
    if (problems.length > 0) {
      summary.show('The settings were not saved:', problems);
      return;
    }
    const scoped = (useDefault.control as HTMLInputElement).checked
      ? null
      : SCOPABLE_ROLES.filter((_, i) => (roleBoxes[i]!.control as HTMLInputElement).checked);
    save.disabled = true;
    try {
      const next = await request<OrganizationSettings>('PUT', '/api/v1/organization', {
        version: settings.version,
        name: name.control.value.trim(),
        state: stateText,
        entity_type: entity.control.value,
        part2_program: (part2.control as HTMLInputElement).checked,
        assignment_scoped_roles: scoped,
      });
      summary.hide();
      saved(next);
      status.textContent = `Saved. Limited to assigned patients: ${rolesText(next.effective_assignment_scoped_roles)}.`;
    } catch (error) {
      showFailure(error, fields, summary, reload);
      save.disabled = false;
    }
  });
  return form;
}

export function renderOrganization(main: HTMLElement, _session: Session): void {
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the settings…');
  const body = h('div');
  let settings: OrganizationSettings | null = null;
  const load = () => {
    request<OrganizationSettings>('GET', '/api/v1/organization')
      .then((answer) => {
        settings = answer;
        summary.hide();
        status.textContent = `${answer.name}: settings version ${answer.version}.`;
        draw();
      })
      .catch((error: unknown) => {
        status.textContent = '';
        summary.showError(error);
      });
  };
  const draw = () => {
    clear(body);
    if (settings) {
      body.append(settingsForm(settings, summary, status, (next) => {
        settings = next;
        draw();
      }, load));
    }
  };
  main.append(h('h1', {}, 'Organization'),
    h('p', { class: 'hint' }, 'The entity type picks the fee schedule and deadlines that apply; every change is recorded in the audit trail.'),
    h('p', {}, h('a', { href: '#/admin/fees' }, 'Fee settings'), ': how copies are charged (flat fee or actual cost, labor rate, supplies, postage).'),
    summary.element, status, body);
  load();
}

function facilityFields(prefix: string, facility?: Facility): { name: Field; npi: Field } {
  return {
    name: textField('Facility name', `${prefix}_name`, { value: facility?.name ?? '' }),
    npi: textField('NPI', `${prefix}_npi`, { value: facility?.npi ?? '', hint: '10 digits, or leave empty.' }),
  };
}

// Browser-side checks; returns what is wrong, marking the fields.
function checkFacility(fields: { name: Field; npi: Field }): string[] {
  const problems: string[] = [];
  setFieldError(fields.name, null);
  setFieldError(fields.npi, null);
  if (fields.name.control.value.trim() === '') {
    setFieldError(fields.name, 'Enter the facility\'s name.');
    problems.push('Facility name: enter the facility\'s name.');
  }
  const npi = fields.npi.control.value.trim();
  if (npi !== '' && !/^\d{10}$/.test(npi)) {
    setFieldError(fields.npi, 'An NPI is 10 digits.');
    problems.push('NPI: an NPI is 10 digits.');
  }
  return problems;
}

export function renderFacilities(main: HTMLElement, _session: Session): void {
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the facilities…');
  const list = h('div', { class: 'facility-list' });
  const edit = h('div');
  let facilities: Facility[] = [];

  const load = () => {
    request<{ facilities: Facility[] }>('GET', '/api/v1/facilities')
      .then((answer) => {
        facilities = answer.facilities;
        status.textContent = `${facilities.length} facilities.`;
        draw();
      })
      .catch((error: unknown) => {
        status.textContent = '';
        summary.showError(error);
      });
  };
  const draw = () => {
    clear(list);
    list.append(h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Facilities'),
      h('thead', {}, h('tr', {}, ['Name', 'NPI', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, facilities.map((f) => {
        const open = h('button', { type: 'button', class: 'link-button' }, `Edit ${f.name}`);
        open.addEventListener('click', () => select(f));
        return h('tr', { 'data-facility': f.id }, h('td', {}, f.name), h('td', {}, f.npi || '—'), h('td', {}, open));
      }))));
  };
  const select = (facility: Facility) => {
    const fields = facilityFields('edit_facility', facility);
    const save = h('button', { type: 'submit', class: 'primary' }, 'Save facility');
    const form = h('form', { novalidate: true, class: 'facility-edit' },
      h('fieldset', {}, h('legend', {}, `Edit ${facility.name}`),
        h('div', { class: 'grid' }, fields.name.wrapper, fields.npi.wrapper), save));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const problems = checkFacility(fields);
      if (problems.length > 0) {
        summary.show('The facility was not saved:', problems);
        return;
      }
      save.disabled = true;
      try {
        const next = await request<Facility>('PUT', `/api/v1/facilities/${facility.id}`, {
          version: facility.version,
          name: fields.name.control.value.trim(),
          npi: fields.npi.control.value.trim(),
        });
        summary.hide();
        facilities = facilities.map((f) => (f.id === next.id ? next : f));
        draw();
        clear(edit);
        status.textContent = `Saved ${next.name}.`;
      } catch (error) {
        showFailure(error, { name: fields.name, npi: fields.npi }, summary, () => { clear(edit); load(); });
        save.disabled = false;
      }
    });
    edit.replaceChildren(form);
    (fields.name.control as HTMLElement).focus();
  };

  const add = facilityFields('new_facility');
  const addButton = h('button', { type: 'submit', class: 'primary' }, 'Add facility');
  const addForm = h('form', { novalidate: true, class: 'facility-create' },
    h('fieldset', {}, h('legend', {}, 'Add a facility'),
      h('div', { class: 'grid' }, add.name.wrapper, add.npi.wrapper), addButton));
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = checkFacility(add);
    if (problems.length > 0) {
      summary.show('The facility was not added:', problems);
      return;
    }
    addButton.disabled = true;
    try {
      const created = await request<Facility>('POST', '/api/v1/facilities', {
        name: add.name.control.value.trim(),
        npi: add.npi.control.value.trim(),
      });
      summary.hide();
      addForm.reset();
      facilities = [...facilities, created];
      draw();
      status.textContent = `Added ${created.name}.`;
    } catch (error) {
      showFailure(error, { name: add.name, npi: add.npi }, summary);
    } finally {
      addButton.disabled = false;
    }
  });

  main.append(h('h1', {}, 'Facilities'), summary.element, status, list, edit, addForm);
  load();
}
