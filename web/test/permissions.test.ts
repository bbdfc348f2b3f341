// The navigation's copy of the permission matrix must match the server's table in
// src/app/permissions.cc, row by row and role by role.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allows, ROLES, type Permission } from '../src/permissions';
import { sentence } from '../src/forms';

const source = readFileSync(
  fileURLToPath(new URL('../../src/app/permissions.cc', import.meta.url)),
  'utf8',
);

// Rows look like: {Permission::kReadPatients, "read_patients", {true, true, ...}},
const rows = [...source.matchAll(/\{Permission::k\w+,\s*"(\w+)",\s*\{([^}]*)\}\}/g)].map((m) => ({
  name: m[1] as Permission,
  allowed: m[2]!.split(',').map((v) => v.trim() === 'true'),
}));

// The role order of the matrix columns: Role's order, as listed in src/domain/user.cc.
const roleSource = readFileSync(
  fileURLToPath(new URL('../../src/domain/user.cc', import.meta.url)),
  'utf8',
);
const serverRoles = [...roleSource.matchAll(/\{Role::k\w+,\s*"(\w+)"\}/g)].map((m) => m[1]);

describe('permissions', () => {
  it('lists the roles in the server order', () => {
    expect(serverRoles).toEqual([...ROLES]);
  });
  it('reads every row of the server matrix', () => {
    expect(rows.length).toBeGreaterThanOrEqual(11);
  });
  it('matches src/app/permissions.cc', () => {
    for (const row of rows) {
      expect(row.allowed).toHaveLength(ROLES.length);
      ROLES.forEach((role, column) => {
        expect(allows(role, row.name), `${row.name} for ${role}`).toBe(row.allowed[column]);
      });
    }
  });
  it('refuses unknown roles', () => {
    expect(allows('nobody', 'decide')).toBe(false);
  });
});

describe('sentence', () => {
  it('capitalises and ends with a full stop', () => {
    expect(sentence('invalid organization, email or password')).toBe(
      'Invalid organization, email or password.',
    );
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('')).toBe('');
  });
});
