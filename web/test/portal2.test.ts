// The re-match form's body and the portal's own-download rule (src/views/patient_match.ts,
// src/portal_download.ts), checked against the C++ they mirror where there is one.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchBody } from '../src/views/patient_match';
import { downloadable } from '../src/portal_download';

const source = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

describe('the match patient form', () => {
  it('sends digits as an id and anything else as an MRN, like intake', () => {
    expect(matchBody(' 12 ')).toEqual({ patient_id: 12 });
    expect(matchBody('DEMO-000001')).toEqual({ patient_mrn: 'DEMO-000001' });
    expect(matchBody('   ')).toBeNull();
  });
  it('knows pending records by the prefix the server uses', () => {
    expect(source('../../src/app/patient_match_store.h')).toMatch(/kPendingMatchMrnPrefix = "PORTAL-";/);
  });
});

describe('the portal download from the request page', () => {
  const link = { id: 1, medium: 'download_link', status: 'ready', expires_micros: 2_000, downloads_left: 2, revoked: false };
  it('is offered only for a link that still works', () => {
    expect(downloadable(link, 1_000)).toBe(true);
    expect(downloadable({ ...link, medium: 'email_link' }, 1_000)).toBe(true);
    expect(downloadable({ ...link, medium: 'mail' }, 1_000)).toBe(false);
    expect(downloadable({ ...link, revoked: true }, 1_000)).toBe(false);
    expect(downloadable({ ...link, downloads_left: 0 }, 1_000)).toBe(false);
    expect(downloadable(link, 3_000)).toBe(false);
  });
});
