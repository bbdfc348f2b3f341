// Home: who is signed in and the screens their role may use.
import type { Session } from '../api';
import { h } from '../dom';
import { allows, roleLabel } from '../permissions';
import { renderPortalHome } from './portal';

export function renderHome(main: HTMLElement, session: Session): void {
  const { user } = session;
  // Portal users' home is their own requests.
  if (allows(user.role, 'portal_submit')) return renderPortalHome(main, session);
  const items: HTMLElement[] = [];
  if (allows(user.role, 'manage_requests')) {
    items.push(h('li', {}, h('a', { href: '#/queue' }, 'Work queue'), ': open release-of-information requests, soonest deadline first.'));
  }
  if (allows(user.role, 'review_records') && !allows(user.role, 'manage_requests')) {
    items.push(h('li', {}, h('a', { href: '#/reviews' }, 'Review tasks'), ': complete the reviews of a request (outcome and notes).'));
  }
  if (allows(user.role, 'manage_billing') && !allows(user.role, 'manage_requests')) {
    items.push(h('li', {}, h('a', { href: '#/billing' }, 'Billing'), ': issue invoices, record payments, waive fees.'));
  }
  if (allows(user.role, 'manage_users')) {
    items.push(h('li', {}, h('a', { href: '#/admin/users' }, 'Users'), ': add users, change roles, release authorization and training, reset passwords, disable.'));
  }
  if (allows(user.role, 'read_audit')) {
    items.push(h('li', {}, h('a', { href: '#/admin/audit' }, 'Audit trail'), ': search who did what, when, to which patient.'));
  }
  if (allows(user.role, 'view_reports')) {
    items.push(h('li', {}, h('a', { href: '#/dashboard' }, 'Dashboards'), ': backlog by age, turnaround, volume and fees, as charts with their figures.'));
  }
  if (allows(user.role, 'decide')) {
    items.push(h('li', {}, h('a', { href: '#/policy-check' }, 'Policy check'), ': describe a request and see what the rules allow, with citations.'));
  }
  if (allows(user.role, 'read_patients')) {
    items.push(h('li', {}, h('a', { href: '#/rules' }, 'Rules'), ': the federal and state rule packs in force, with citations.'));
  }
  main.append(
    h('h1', {}, `Welcome, ${user.display_name || user.email}`),
    h('p', {}, `You are signed in as ${user.email} with the ${roleLabel(user.role)} role.`),
    items.length > 0
      ? h('ul', { class: 'tasks' }, items)
      : h('p', {}, 'Your role has no screens in the staff workspace yet; the API serves it.'),
  );
}
