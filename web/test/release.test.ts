// The documents, redaction and release panels' logic (src/release_logic.ts): UTF-8 byte offsets
// (the scan's and the redactions') against JavaScript strings, highlights merged, the text cut
// into pieces, label and reason names, the delivery form; checked against the C++ they mirror.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  addressLabel, byteOffsets, byteSpanOf, deliveryBody, deliveryProblems, groupHex, groupPieces, indexByByte,
  absoluteLink, isRedacted, labelName, sensitivityName, mayBuildPacket, mayDeliver, MEDIA, mergeHighlights, pieces, reasonName, reasonProblem,
  REDACTION_REASONS, redactionPlace, type ScanSpan,
} from '../src/release_logic';

const source = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const span = (begin: number, end: number, category = 'hiv', term = 'hiv'): ScanSpan => ({ begin, end, category, label: category, term });
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('byte offsets', () => {
  it('maps every string index to its UTF-8 offset, -1 inside a surrogate pair', () => {
    const text = 'aé€😀b';
    expect(byteOffsets(text)).toEqual([0, 1, 3, 6, -1, 10, 11]);
    expect(byteOffsets(text).at(-1)).toBe(utf8(text).length);
    expect(byteOffsets('')).toEqual([0]);
    const index = indexByByte(byteOffsets(text));
    expect(index.get(6)).toBe(3);
    expect(index.get(10)).toBe(5);
    expect(index.has(2)).toBe(false); // inside "é"
  });
  it('turns a selected range into bytes, in either direction, never cutting a character', () => {
    const text = 'Zoë has HIV';
    expect(byteSpanOf(text, 8, 11)).toEqual({ begin: 9, end: 12 });
    expect(byteSpanOf(text, 11, 8)).toEqual({ begin: 9, end: 12 });
    expect(new TextDecoder().decode(utf8(text).slice(9, 12))).toBe('HIV');
    expect(byteSpanOf(text, 3, 3)).toBeNull();
    expect(byteSpanOf(text, 0, 99)).toBeNull();
    expect(byteSpanOf('a😀b', 1, 2)).toBeNull(); // half of the emoji
    expect(byteSpanOf('a😀b', 1, 3)).toEqual({ begin: 1, end: 5 });
  });
});

describe('highlights', () => {
  it('merges overlapping and touching spans, naming each label once', () => {
    const merged = mergeHighlights([span(10, 14, 'substance_use', 'heroin'), span(0, 3), span(3, 6, 'hiv', 'aids'), span(12, 20, 'mental_health', 'ptsd'), span(30, 30)]);
    expect(merged.map(({ begin, end, labels }) => ({ begin, end, labels }))).toEqual([
      { begin: 0, end: 6, labels: ['HIV'] },
      { begin: 10, end: 20, labels: ['Substance use', 'Mental health'] },
    ]);
    expect(merged[1]!.spans).toHaveLength(2);
  });
  it('names every category the detector has (src/app/sensitive_content.cc)', () => {
    const names = /kCategoryNames = \{([^}]*)\}/.exec(source('../../src/app/sensitive_content.cc'))![1]!.match(/"[a-z_]+"/g)!.map((n) => n.slice(1, -1));
    expect(names).toHaveLength(7);
    for (const category of names) {
      expect(labelName({ category, term: '' })).not.toMatch(/_/);
    }
    expect(labelName({ category: 'hiv', term: 'hiv' })).toBe('HIV');
    expect(labelName({ category: 'identifier', term: 'street_address' })).toBe('Identifier: street address');
  });
});

describe('pieces of the text', () => {
  const text = 'Pt has HIV; on methadone. 😀 ok';
  const bytesOf = (word: string) => {
    const begin = utf8(text.slice(0, text.indexOf(word))).length;
    return { begin, end: begin + utf8(word).length };
  };
  it('cuts at highlights and redactions, keeping the text whole', () => {
    const hiv = bytesOf('HIV');
    const methadone = bytesOf('methadone');
    const highlights = mergeHighlights([span(hiv.begin, hiv.end), span(methadone.begin, methadone.end, 'substance_use', 'methadone')]);
    const list = pieces(text, highlights, [{ begin: methadone.begin, end: methadone.begin + 5 }]);
    expect(list.map((p) => p.text).join('')).toBe(text);
    expect(list.filter((p) => p.highlight === 0).map((p) => p.text)).toEqual(['HIV']);
    expect(list.filter((p) => p.redacted).map((p) => p.text)).toEqual(['metha']);
    const groups = groupPieces(list);
    expect(groups.filter((g) => g.highlight === 1)).toHaveLength(1);
    expect(groups.find((g) => g.highlight === 1)!.pieces.map((p) => p.text)).toEqual(['metha', 'done']);
  });
  it('counts bytes after multibyte characters and ignores offsets inside one', () => {
    const ok = bytesOf('ok');
    const list = pieces(text, mergeHighlights([span(ok.begin, ok.end, 'identifier', 'x'), span(ok.begin - 2, ok.end)]), []);
    expect(list.map((p) => p.text).join('')).toBe(text);
    expect(list.find((p) => p.highlight === 0)).toBeUndefined(); // it starts inside the emoji
    expect(pieces(text, mergeHighlights([span(ok.begin, ok.end)]), []).find((p) => p.highlight === 0)!.text).toBe('ok');
  });
  it('knows when a span is covered by redactions', () => {
    expect(isRedacted({ begin: 5, end: 10 }, [{ begin: 0, end: 6 }, { begin: 6, end: 12 }])).toBe(true);
    expect(isRedacted({ begin: 5, end: 10 }, [{ begin: 0, end: 6 }, { begin: 7, end: 12 }])).toBe(false);
    expect(isRedacted({ begin: 5, end: 10 }, [])).toBe(false);
  });
});

describe('redaction reasons', () => {
  it('offers exactly the reasons of src/domain/redaction.cc', () => {
    const cc = source('../../src/domain/redaction.cc');
    const names = [...cc.matchAll(/return "([a-z0-9_]+)";/g)].map((m) => m[1]);
    expect(new Set(REDACTION_REASONS.map(([code]) => code))).toEqual(new Set(names));
  });
  it('needs words for "other", at most 500 bytes, no control characters', () => {
    expect(reasonProblem('third_party', '')).toBeNull();
    expect(reasonProblem('other', '  ')).toMatch(/needs words/);
    expect(reasonProblem('other', 'court order (synthetic)')).toBeNull();
    expect(reasonProblem('other', 'é'.repeat(251))).toMatch(/500/);
    expect(reasonProblem('harm', 'a\nb')).toMatch(/control/);
    expect(reasonProblem('nonsense', '')).toMatch(/Choose/);
    expect(reasonName('part2')).toBe('Substance use treatment (42 CFR Part 2)');
    expect(reasonName('other')).toBe('Other');
  });
  it('says where a redaction applies', () => {
    const base = { id: 1, request_id: 1, document_id: 2, reason: 'harm', reason_text: '', marked_by: 1, marked_micros: 0 };
    expect(redactionPlace({ ...base, span: { begin: 3, end: 9 } })).toBe('Text, bytes 3–9');
    expect(redactionPlace({ ...base, page: 2 })).toBe('Page 2');
  });
});

describe('deliveries', () => {
  it('offers the media of src/domain/delivery.cc', () => {
    const names = [...source('../../src/domain/delivery.cc').matchAll(/\{DeliveryMedium::k\w+, "([a-z_]+)"\}/g)].map((m) => m[1]);
    expect(MEDIA.map(([code]) => code)).toEqual(names);
  });
  it('asks for an address where the server does (mail, fax, email_link)', () => {
    expect(addressLabel('mail')).toBe('Mailing address');
    expect(addressLabel('fax')).toBe('Fax number');
    expect(addressLabel('download_link')).toBeNull();
    expect(addressLabel('pickup')).toBeNull();
    expect(source('../../src/domain/delivery.cc')).toContain('address is required for mail, fax and email_link');
    const form = { medium: 'mail', recipient: '', address: '', tracking_number: '' };
    expect(deliveryProblems(form)).toEqual({ recipient: 'Enter the recipient.', address: 'Enter the mailing address.' });
    expect(deliveryProblems({ ...form, medium: 'email_link', recipient: 'R', address: 'nope' }).address).toMatch(/email address/);
    expect(deliveryProblems({ ...form, medium: 'download_link', recipient: 'Testpatient Alpha' })).toEqual({});
    expect(deliveryProblems({ ...form, medium: 'pickup', recipient: 'R', tracking_number: 'x'.repeat(101) }).tracking_number).toMatch(/100/);
    expect(deliveryProblems({ ...form, medium: 'carrier pigeon', recipient: 'R' }).medium).toBeDefined();
  });
  it('sends only the fields the medium uses', () => {
    expect(deliveryBody({ medium: 'download_link', recipient: ' Testpatient Alpha ', address: 'ignored', tracking_number: 'ignored' }))
      .toEqual({ medium: 'download_link', recipient: 'Testpatient Alpha' });
    expect(deliveryBody({ medium: 'mail', recipient: 'R', address: '1 Example St', tracking_number: ' 9400 ' }))
      .toEqual({ medium: 'mail', recipient: 'R', address: '1 Example St', tracking_number: '9400' });
    expect(deliveryBody({ medium: 'email_link', recipient: 'R', address: 'r@example.test', tracking_number: '' }))
      .toEqual({ medium: 'email_link', recipient: 'R', address: 'r@example.test' });
  });
  it('builds packets from ready-to-release on and delivers after the release', () => {
    expect(mayBuildPacket('ready_to_release')).toBe(true);
    expect(mayBuildPacket('released')).toBe(true);
    expect(mayBuildPacket('retrieving')).toBe(false);
    expect(mayDeliver('released')).toBe(true);
    expect(mayDeliver('ready_to_release')).toBe(false);
    expect(groupHex('0123456789abcdef01')).toBe('01234567 89abcdef 01');
    expect(absoluteLink('/d/1.abc', 'https://roi.example.test')).toBe('https://roi.example.test/d/1.abc');
    expect(absoluteLink('https://records.example.test/d/1.abc', 'https://roi.example.test')).toBe('https://records.example.test/d/1.abc');
    expect(sensitivityName('sud')).toBe('Substance use disorder');
    expect(sensitivityName('hiv')).toBe('HIV');
    expect(sensitivityName('new_label')).not.toMatch(/_/);
  });
});
