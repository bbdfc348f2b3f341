// Which role may do what: a copy of the matrix in src/app/permissions.cc, used only to decide which
// navigation to show.  The server checks every request itself; this never grants anything.

export type Permission =
  | 'read_patients'
  | 'write_patients'
  | 'manage_requests'
  | 'review_records'
  | 'release_records'
  | 'manage_billing'
  | 'read_audit'
  | 'manage_users'
  | 'decide'
  | 'portal_submit'
  | 'portal_download'
  | 'view_reports'
  | 'manage_retention';

export const ROLES = [
  'roi_specialist',
  'clinician',
  'supervisor',
  'billing',
  'privacy_officer',
  'administrator',
  'requester',
  'patient',
] as const;

// One row per permission, one column per role (the order of ROLES), as in permissions.cc.
const MATRIX: Record<Permission, readonly boolean[]> = {
  //               spec   clin   sup    bill   priv   admin  reqr   pat
  read_patients: [true, true, true, true, true, true, false, false],
  write_patients: [true, false, true, false, false, true, false, false],
  manage_requests: [true, false, true, false, false, false, false, false],
  review_records: [true, true, true, false, true, false, false, false],
  release_records: [true, false, true, false, false, false, false, false],
  manage_billing: [false, false, true, true, false, false, false, false],
  read_audit: [false, false, true, false, true, true, false, false],
  manage_users: [false, false, false, false, false, true, false, false],
  decide: [true, true, true, false, true, false, false, false],
  portal_submit: [false, false, false, false, false, false, true, true],
  portal_download: [false, false, false, false, false, false, true, true],
  view_reports: [false, false, true, false, true, true, false, false],
  manage_retention: [false, false, false, false, true, true, false, false],
};

export function allows(role: string, permission: Permission): boolean {
  const column = (ROLES as readonly string[]).indexOf(role);
  return column >= 0 && MATRIX[permission][column] === true;
}

const ROLE_LABELS: Record<string, string> = {
  roi_specialist: 'ROI specialist',
  clinician: 'Clinician',
  supervisor: 'Supervisor',
  billing: 'Billing',
  privacy_officer: 'Privacy officer',
  administrator: 'Administrator',
  requester: 'Requester',
  patient: 'Patient',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}
