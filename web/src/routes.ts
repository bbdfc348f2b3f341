// The screens of the staff workspace.  A screen is one entry here: its hash path, its title, the
// permission its navigation link needs (mirroring the API route it calls) and a render function.
// Paths carry ids only, never names or other patient data (e.g. "#/requests/42").
import type { Session } from './api';
import type { Permission } from './permissions';
import { renderAudit } from './views/audit';
import { renderBillingScreen } from './views/billing';
import { renderHome } from './views/home';
import { renderBillingLookup } from './views/open_request';
import { renderReviewsScreen } from './views/reviews';
import { renderUsers } from './views/users';
import { renderFacilities, renderOrganization } from './views/organization';
import { renderFeeSettings } from './views/fees';
import { renderIntake } from './views/intake';
import { renderPatient } from './views/patient';
import { renderPolicyCheck } from './views/policy_check';
import { renderPortalDownload, renderPortalHome, renderPortalNew, renderPortalRequest } from './views/portal';
import { renderQueue } from './views/queue';
import { renderRequest } from './views/request';
import { h } from './dom';
import { renderReviewWorklist } from './views/review_tasks';
import { renderRules } from './views/rules';

export interface Screen {
  path: string; // "/policy-check"; "{id}" segments match digits only.
  title: string;
  permission: Permission | 'signed_in';
  inNav: boolean;
  // Left out of the navigation for roles with this permission (they reach the screen another way,
  // e.g. the request page shows the review tasks to those who manage requests).
  navUnless?: Permission;
  // Shown in the navigation only for roles with this permission (others open it from Home).
  navIf?: Permission;
  render(main: HTMLElement, session: Session, params: Record<string, string>): void;
}

export const SCREENS: Screen[] = [
  { path: '/', title: 'Home', permission: 'signed_in', inNav: true, navUnless: 'portal_submit', render: renderHome },
  {
    path: '/queue',
    title: 'Work queue',
    permission: 'manage_requests',
    inNav: true,
    render: renderQueue,
  },
  {
    path: '/intake',
    title: 'New request',
    permission: 'manage_requests',
    inNav: true,
    render: renderIntake,
  },
  {
    path: '/requests/{id}',
    title: 'Request',
    permission: 'manage_requests',
    inNav: false,
    render: renderRequest,
  },
  {
    path: '/requests/{id}/reviews',
    title: 'Review tasks',
    permission: 'review_records',
    inNav: false,
    render: renderReviewsScreen,
  },
  {
    path: '/requests/{id}/billing',
    title: 'Billing',
    permission: 'manage_billing',
    inNav: false,
    render: renderBillingScreen,
  },
  {
    path: '/reviews',
    title: 'Review tasks',
    permission: 'review_records',
    inNav: true,
    navUnless: 'manage_requests',
    render: renderReviewWorklist,
  },
  {
    path: '/billing',
    title: 'Billing',
    permission: 'manage_billing',
    inNav: true,
    navUnless: 'manage_requests',
    render: renderBillingLookup,
  },
  {
    path: '/patients/{id}',
    title: 'Patient',
    permission: 'read_patients',
    inNav: false,
    render: renderPatient,
  },
  {
    path: '/policy-check',
    title: 'Policy check',
    permission: 'decide',
    inNav: true,
    render: renderPolicyCheck,
  },
  {
    path: '/admin/users',
    title: 'Users',
    permission: 'manage_users',
    inNav: true,
    render: renderUsers,
  },
  {
    path: '/admin/audit',
    title: 'Audit trail',
    permission: 'read_audit',
    inNav: true,
    render: renderAudit,
  },
  {
    path: '/admin/organization',
    title: 'Organization',
    permission: 'manage_users',
    inNav: true,
    render: renderOrganization,
  },
  {
    path: '/admin/fees',
    title: 'Fee settings',
    permission: 'manage_users',
    inNav: false, // Linked from the Organization screen.
    render: renderFeeSettings,
  },
  {
    path: '/admin/facilities',
    title: 'Facilities',
    permission: 'manage_users',
    inNav: true,
    render: renderFacilities,
  },
  // The requester/patient portal: portal users see only these.
  {
    path: '/portal',
    title: 'My requests',
    permission: 'portal_submit',
    inNav: true,
    render: renderPortalHome,
  },
  {
    path: '/portal/new',
    title: 'Ask for records',
    permission: 'portal_submit',
    inNav: true,
    render: renderPortalNew,
  },
  {
    path: '/portal/requests/{id}',
    title: 'My request',
    permission: 'portal_submit',
    inNav: false,
    render: renderPortalRequest,
  },
  {
    path: '/portal/download',
    title: 'Download records',
    permission: 'portal_download',
    inNav: true,
    render: renderPortalDownload,
  },
  {
    path: '/dashboard',
    title: 'Dashboards',
    permission: 'view_reports',
    inNav: true,
    // The charts are loaded on demand: they cost nothing on the first load.
    render: (main, session) => {
      main.append(h('h1', {}, 'Dashboards'), h('p', { class: 'dash-loading', role: 'status' }, 'Loading the dashboards…'));
      void import('./views/dashboard').then((module) => module.renderDashboard(main, session));
    },
  },
  {
    path: '/rules',
    title: 'Rules',
    permission: 'signed_in',
    inNav: true,
    navIf: 'manage_users',
    render: renderRules,
  },
];

// Finds the screen for a hash path, with its "{id}" parameters.
export function matchScreen(path: string): { screen: Screen; params: Record<string, string> } | null {
  const parts = path.split('/');
  for (const screen of SCREENS) {
    const pattern = screen.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    pattern.forEach((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith('{') && segment.endsWith('}')) {
        if (!/^\d+$/.test(part)) ok = false;
        else params[segment.slice(1, -1)] = part;
      } else if (segment !== part) {
        ok = false;
      }
    });
    if (ok) return { screen, params };
  }
  return null;
}
