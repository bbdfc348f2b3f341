// The intake form (#/intake): patient (typed, found or registered: views/patient_picker.ts), requester (an existing one by id, or a new one created
// first with POST /api/v1/requesters), basis, purpose, scope, format, medium, priority and the
// authorization checklist.  While the specialist types, the form's case goes (debounced) to
// POST /api/v1/decide and the deficiencies found are shown live; submitting sends the intake to
// POST /api/v1/requests and opens the new request's page.
import { ApiError, request, type Session } from '../api';
import { h } from '../dom';
import { checkField, ErrorSummary, type Field, selectField, sentence, setFieldError, textField } from '../forms';
import { allows } from '../permissions';
import { buildCase, buildIntake, type Decision, explain, type IntakeValues } from '../requests';
import { patientPicker } from './patient_picker';

const ROLES = ['patient', 'personal_representative', 'parent', 'guardian', 'executor', 'provider',
  'health_plan', 'insurer', 'attorney', 'court', 'law_enforcement', 'public_health_authority',
  'workers_comp_carrier', 'researcher', 'employer', 'government_agency', 'other'];
const BASES = ['access', 'directive', 'authorization', 'court_order', 'subpoena', 'administrative_request',
  'law_enforcement_informal', 'public_health', 'workers_comp', 'treatment', 'payment', 'operations'];
const PURPOSES = ['personal', 'continuing_care', 'litigation', 'insurance', 'disability_benefits',
  'payment', 'operations', 'public_health', 'law_enforcement', 'workers_comp', 'research', 'other'];
const MEDIUMS = ['portal', 'secure_email', 'email', 'mail', 'fax', 'pickup', 'portable_media'];
const KINDS = ['progress_note', 'lab_result', 'imaging', 'discharge_summary', 'medication_list', 'billing', 'correspondence'];
const ELEMENTS: [keyof NonNullable<IntakeValues['authorization']>, string][] = [
  ['describesInformation', 'Describes the information to disclose'],
  ['namesDiscloser', 'Names who may disclose'],
  ['namesRecipient', 'Names the recipient'],
  ['statesPurpose', 'States the purpose'],
  ['revocationStatement', 'Right-to-revoke statement'],
  ['conditioningStatement', 'Conditioning statement'],
  ['redisclosureStatement', 'Redisclosure statement'],
];

const human = (code: string): [string, string] => [code, code.replace(/_/g, ' ')];
const fieldset = (legend: string, ...children: (Node | null)[]) => h('fieldset', {}, h('legend', {}, legend), ...children);

export function renderIntake(main: HTMLElement, session: Session): void {
  const patient = textField('Patient MRN or id', 'patient', { required: true, hint: 'Type it, or find or register the patient below.' });
  const newRequester = checkField('Create a new requester', 'new_requester');
  const requesterId = textField('Requester id', 'requester_id', { type: 'number', min: '1' });
  const role = selectField('Requester role', 'requester_role', ROLES.map(human), 'patient');
  const requesterName = textField('Requester name', 'requester_name');
  const requesterOrg = textField('Requester organization (optional)', 'requester_organization');
  const requesterEmail = textField('Requester email (optional)', 'requester_email', { type: 'email' });
  const newFields = h('div', { class: 'grid', hidden: true }, requesterName.wrapper, requesterOrg.wrapper, requesterEmail.wrapper);
  const basis = selectField('Legal basis', 'basis', BASES.map(human), 'access');
  const purpose = selectField('Purpose', 'purpose', PURPOSES.map(human), 'personal');
  const scope = selectField('Scope', 'scope', [['all', 'All records'], ['kinds', 'Only some kinds of record']], 'all');
  const kinds = KINDS.map((k) => checkField(k.replace(/_/g, ' '), `kind_${k}`));
  const kindSet = h('fieldset', { class: 'labels', hidden: true }, h('legend', {}, 'Kinds of record'), kinds.map((k) => k.wrapper));
  const from = textField('Records from (optional)', 'scope_from', { type: 'date' });
  const to = textField('Records to (optional)', 'scope_to', { type: 'date' });
  const format = selectField('Format', 'format', ['electronic', 'paper'], 'electronic');
  const medium = selectField('Delivery', 'medium', MEDIUMS.map(human), 'portal');
  const priority = selectField('Priority', 'priority', ['routine', 'urgent'], 'routine');
  const written = checkField('Request is in writing', 'written', true);
  const signed = checkField('Request is signed', 'signed', true);
  const verified = checkField('Identity verified', 'identity_verified');
  const authority = checkField('Authority documented (representatives)', 'authority_documented');
  const authPresent = checkField('An authorization form is presented', 'authorization');
  const authSigned = checkField('Authorization signed', 'auth_signed');
  const authSignedOn = textField('Authorization signed on', 'auth_signed_on', { type: 'date' });
  const authExpires = textField('Authorization expires on', 'auth_expires_on', { type: 'date' });
  const elements = ELEMENTS.map(([, label], i) => checkField(label, `auth_element_${i}`));
  const authFields = h('div', { class: 'auth-fields', hidden: true }, authSigned.wrapper, authSignedOn.wrapper,
    authExpires.wrapper, elements.map((e) => e.wrapper));

  const checked = (f: Field) => (f.control as HTMLInputElement).checked;
  const values = (): IntakeValues => ({
    patient: patient.control.value,
    requesterId: requesterId.control.value,
    requesterRole: role.control.value,
    basis: basis.control.value,
    purpose: purpose.control.value,
    scope: scope.control.value === 'kinds' ? 'kinds' : 'all',
    kinds: KINDS.filter((_, i) => checked(kinds[i]!)),
    from: from.control.value,
    to: to.control.value,
    format: format.control.value,
    medium: medium.control.value,
    priority: priority.control.value,
    written: checked(written),
    signed: checked(signed),
    identityVerified: checked(verified),
    authorityDocumented: checked(authority),
    authorization: checked(authPresent)
      ? {
          signed: checked(authSigned),
          signedOn: authSignedOn.control.value,
          expiresOn: authExpires.control.value,
          ...(Object.fromEntries(ELEMENTS.map(([key], i) => [key, checked(elements[i]!)])) as Record<string, boolean>),
        } as NonNullable<IntakeValues['authorization']>
      : null,
  });

  // The live check.
  const live = h('section', { class: 'decision live-check', 'aria-labelledby': 'live-title' },
    h('h2', { id: 'live-title' }, 'Policy check as you type'));
  const liveBody = h('div', { 'aria-live': 'polite', 'aria-atomic': 'true', class: 'live-body' }, h('p', {}, 'Fill in the form to see what the rules require.'));
  const law = selectField('State law for this check', 'check_jurisdiction',
    ['US', 'US-CA', 'US-FL', 'US-IL', 'US-NY', 'US-TX'].map((j): [string, string] => [j, j === 'US' ? 'Federal only' : j]), 'US');
  law.control.addEventListener('change', () => schedule());
  live.append(liveBody, law.wrapper, h('p', { class: 'hint' }, 'Assumes an adult patient; the stored decision uses the patient\'s record and your organization\'s state.'));
  let timer = 0;
  let sequence = 0;
  const check = async () => {
    const mine = (sequence += 1);
    try {
      const decision = await request<Decision>('POST', '/api/v1/decide', buildCase(values(), new Date().toISOString().slice(0, 10), law.control.value));
      if (mine !== sequence) return;
      const x = explain(decision);
      liveBody.replaceChildren(
        h('p', { class: `outcome outcome-${x.outcome}`, 'data-outcome': x.outcome }, h('strong', {}, x.summary)),
        x.deficiencies.length === 0 ? h('p', { class: 'no-deficiencies' }, 'No deficiencies.')
          : h('ul', { class: 'deficiencies', 'aria-label': 'Deficiencies' }, x.deficiencies.map((d) => h('li', { 'data-code': d.code }, d.text))));
    } catch (error) {
      if (mine !== sequence) return;
      liveBody.replaceChildren(h('p', {}, error instanceof ApiError ? `The check could not run: ${sentence(error.message)}` : 'The check could not run.'));
    }
  };
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 350);
  };

  // An existing requester, by id: show who it is and take its role for the live check.
  const who = h('p', { class: 'hint', role: 'status', id: 'requester-who' });
  requesterId.wrapper.append(who);
  let lookup = 0;
  requesterId.control.addEventListener('change', async () => {
    const text = requesterId.control.value.trim();
    const mine = (lookup += 1);
    who.textContent = '';
    if (!/^\d+$/.test(text)) return;
    try {
      const r = await request<{ role: string; name: string; organization: string }>('GET', `/api/v1/requesters/${text}`);
      if (mine !== lookup) return;
      who.textContent = `${r.name}${r.organization ? `, ${r.organization}` : ''} (${r.role.replace(/_/g, ' ')})`;
      role.control.value = r.role;
      schedule();
    } catch (error) {
      if (mine === lookup) who.textContent = error instanceof ApiError && error.status === 404 ? 'No requester has this id.' : 'The requester could not be looked up.';
    }
  });

  const summary = new ErrorSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create request');
  const form = h('form', { novalidate: true, 'aria-label': 'New request', class: 'intake' },
    fieldset('Patient', patient.wrapper, patientPicker(patient, () => schedule(), allows(session.user.role, 'write_patients'))),
    fieldset('Requester', h('div', { class: 'grid' }, role.wrapper, requesterId.wrapper, newRequester.wrapper), newFields),
    fieldset('Why and what', h('div', { class: 'grid' }, basis.wrapper, purpose.wrapper, scope.wrapper, from.wrapper, to.wrapper), kindSet),
    fieldset('Delivery', h('div', { class: 'grid' }, format.wrapper, medium.wrapper, priority.wrapper)),
    fieldset('Checks', h('div', { class: 'grid' }, written.wrapper, signed.wrapper, verified.wrapper, authority.wrapper)),
    fieldset('Authorization', authPresent.wrapper, authFields),
    submit);
  form.addEventListener('input', schedule);
  form.addEventListener('change', () => {
    newFields.hidden = !checked(newRequester);
    requesterId.wrapper.hidden = checked(newRequester);
    kindSet.hidden = scope.control.value !== 'kinds';
    authFields.hidden = !checked(authPresent);
    schedule();
  });

  const byPath: Record<string, Field> = {
    '/patient_id': patient, '/patient_mrn': patient, '/requester_id': requesterId,
    '/name': requesterName, '/role': role, '/email': requesterEmail,
    '/basis': basis, '/purpose': purpose, '/format': format, '/medium': medium, '/priority': priority,
    '/scope/from': from, '/scope/to': to,
    '/authorization/signed_on': authSignedOn, '/authorization/expires_on': authExpires,
  };
  const all = [patient, requesterId, requesterName, requesterEmail, role, basis, purpose, format, medium, priority, from, to, authSignedOn, authExpires];

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const f of all) setFieldError(f, null);
    const v = values();
    const problems: string[] = [];
    const need = (field: Field, ok: boolean, message: string) => {
      if (!ok) {
        setFieldError(field, message);
        problems.push(message);
      }
    };
    need(patient, v.patient.trim() !== '', 'Enter the patient\'s MRN or id.');
    if (checked(newRequester)) need(requesterName, requesterName.control.value.trim() !== '', 'Enter the new requester\'s name.');
    else need(requesterId, /^\d+$/.test(v.requesterId), 'Enter the requester\'s id, or create a new requester.');
    if (problems.length > 0) return summary.show('The request is not complete.', problems);
    summary.hide();
    submit.disabled = true;
    try {
      let id = Number(v.requesterId);
      if (checked(newRequester)) {
        const created = await request<{ id: number }>('POST', '/api/v1/requesters', {
          role: v.requesterRole, name: requesterName.control.value.trim(),
          organization: requesterOrg.control.value.trim(), email: requesterEmail.control.value.trim(),
        });
        id = created.id;
        (newRequester.control as HTMLInputElement).checked = false;
        requesterId.control.value = String(id);
        newFields.hidden = true;
        requesterId.wrapper.hidden = false;
      }
      const made = await request<{ id: number }>('POST', '/api/v1/requests', buildIntake(v, id));
      window.location.hash = `#/requests/${made.id}`;
    } catch (error) {
      if (error instanceof ApiError) {
        for (const d of error.details) {
          const field = byPath[d.path];
          if (field) setFieldError(field, sentence(d.message));
        }
      }
      summary.showError(error);
    } finally {
      submit.disabled = false;
    }
  });

  main.append(
    h('h1', {}, 'New request'),
    h('p', { class: 'lead' }, 'Record a request received today. The rules are checked as you type.'),
    h('div', { class: 'policy-layout' }, h('div', {}, summary.element, form), live),
  );
  schedule();
}
