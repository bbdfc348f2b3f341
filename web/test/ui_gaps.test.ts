// The keyboard selection of the redaction editor (src/redaction_keys.ts), the delivery follow-up
// form (src/followup_logic.ts) and the harm determination form (src/harm_logic.ts); checked
// against the C++ they mirror where they copy it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentIndex, quoteOf, selectionSpan, textareaValue } from '../src/redaction_keys';
import { FOLLOW_UP_KINDS, followUpBody, followUpDone, followUpProblems, MAX_EVENT_DETAIL, MAX_TRACKING_NUMBER, mayFollowUp } from '../src/followup_logic';
import { HARM_GROUNDS, harmBody, harmFieldOf, harmProblems, MAX_HARM_REASONS, mayDetermineHarmIn } from '../src/harm_logic';

const source = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const utf8 = (s: string) => new TextEncoder().encode(s);
const decode = (text: string, span: { begin: number; end: number }) => new TextDecoder().decode(utf8(text).slice(span.begin, span.end));

describe('keyboard selection', () => {
  it('holds what a textarea holds: every line break one "\\n"', () => {
    expect(textareaValue('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(textareaValue('')).toBe('');
  });
  it('maps textarea indices back onto the document text across CRLF and lone CR', () => {
    const text = 'ab\r\ncd\ref';
    const value = textareaValue(text); // 'ab\ncd\nef'
    expect(value).toBe('ab\ncd\nef');
    for (let i = 0; i <= value.length; i += 1) {
      // The character after each index is the same in both (a "\n" stands for the whole break).
      const inValue = value[i];
      const inText = text[contentIndex(text, i)];
      if (inValue === '\n') expect(['\r', '\n']).toContain(inText);
      else expect(inText).toBe(inValue);
    }
    expect(contentIndex(text, 0)).toBe(0);
    expect(contentIndex(text, 3)).toBe(4);
    expect(contentIndex(text, value.length)).toBe(text.length);
    expect(contentIndex(text, 99)).toBe(text.length);
    expect(contentIndex(text, -1)).toBe(0);
  });
  it('turns a selection into the UTF-8 byte span of the very words selected, in either direction', () => {
    const text = 'Zoë said:\r\nTestrelative Beta visits.\r\n';
    const value = textareaValue(text);
    const start = value.indexOf('Testrelative');
    const end = start + 'Testrelative Beta'.length;
    const picked = selectionSpan(text, start, end)!;
    expect(picked.text).toBe('Testrelative Beta');
    expect(decode(text, picked)).toBe('Testrelative Beta');
    expect(selectionSpan(text, end, start)).toEqual(picked);
    expect(picked.begin).toBe(utf8('Zoë said:\r\n').length);
  });
  it('chooses nothing for an empty selection or half a character', () => {
    expect(selectionSpan('abc', 1, 1)).toBeNull();
    expect(selectionSpan('a😀b', 1, 2)).toBeNull();
    expect(decode('a😀b', selectionSpan('a😀b', 1, 3)!)).toBe('😀');
  });
  it('quotes the chosen words on one short line', () => {
    expect(quoteOf('  two\nlines  ')).toBe('two lines');
    expect(quoteOf('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('delivery follow-ups', () => {
  const h = source('../../src/domain/delivery.h');
  it('offers only event kinds the server records by hand', () => {
    for (const [kind] of FOLLOW_UP_KINDS) expect(h).toMatch(new RegExp(`kDeliveryEvent\\w+ = "${kind}"`));
    expect(source('../../src/app/delivery_service.cc')).toMatch(/kind must be sent, tracking, delivered or failed/);
    expect(FOLLOW_UP_KINDS.map(([k]) => k).sort()).toEqual(['delivered', 'failed', 'sent', 'tracking']);
  });
  it('uses the limits of src/domain/delivery.h', () => {
    expect(h).toContain(`kMaxTrackingNumber = ${MAX_TRACKING_NUMBER};`);
    expect(h).toContain(`kMaxDeliveryEventDetail = ${MAX_EVENT_DETAIL};`);
  });
  it('follows up recorded mail, fax and pickup until delivered or revoked', () => {
    expect(mayFollowUp({ medium: 'mail', status: 'pending' })).toBe(true);
    expect(mayFollowUp({ medium: 'fax', status: 'sent' })).toBe(true);
    expect(mayFollowUp({ medium: 'pickup', status: 'failed' })).toBe(true);
    expect(mayFollowUp({ medium: 'mail', status: 'delivered' })).toBe(false);
    expect(mayFollowUp({ medium: 'mail', status: 'revoked' })).toBe(false);
    expect(mayFollowUp({ medium: 'download_link', status: 'sent' })).toBe(false);
    expect(mayFollowUp({ medium: 'email_link', status: 'sent' })).toBe(false);
  });
  it('needs a tracking number for an update and a reason for a failure', () => {
    expect(followUpProblems({ kind: 'tracking', tracking_number: ' ', detail: '' })).toEqual({ tracking_number: 'Enter the new tracking number.' });
    expect(followUpProblems({ kind: 'failed', tracking_number: '', detail: '' })).toEqual({ detail: expect.stringMatching(/why the delivery failed/) });
    expect(followUpProblems({ kind: 'delivered', tracking_number: '', detail: '' })).toEqual({});
    expect(followUpProblems({ kind: 'sent', tracking_number: 'T'.repeat(101), detail: '' })).toEqual({ tracking_number: 'Use at most 100 characters.' });
    expect(followUpProblems({ kind: 'failed', tracking_number: '', detail: 'é'.repeat(251) })).toEqual({ detail: 'Use at most 500 bytes.' });
    expect(followUpProblems({ kind: 'tracking', tracking_number: 'A\u0001', detail: '' })).toEqual({ tracking_number: expect.any(String) });
    expect(followUpProblems({ kind: 'lost', tracking_number: '', detail: '' })).toEqual({ kind: 'Choose what happened.' });
  });
  it('sends only what was filled, trimmed, and says what was recorded', () => {
    expect(followUpBody({ kind: 'delivered', tracking_number: '  ', detail: '' })).toEqual({ kind: 'delivered' });
    expect(followUpBody({ kind: 'failed', tracking_number: ' T1 ', detail: ' returned ' })).toEqual({ kind: 'failed', tracking_number: 'T1', detail: 'returned' });
    expect(followUpDone(4, { kind: 'tracking', tracking_number: 'T9', detail: '' })).toBe('Delivery 4: tracking number T9 recorded.');
    expect(followUpDone(4, { kind: 'failed', tracking_number: '', detail: 'returned' })).toBe('Delivery 4 recorded as failed: returned.');
  });
});

describe('harm determinations', () => {
  it('offers the engine\'s grounds with their citations, in its order', () => {
    const cc = source('../../src/domain/denial_review.cc');
    const names = /kGroundNames = \{([^}]*)\}/.exec(cc)![1]!.match(/"[^"]+"/g)!.map((s) => s.slice(1, -1));
    const cites = /kGroundCites = \{([^}]*)\}/.exec(cc)![1]!.match(/"[^"]+"/g)!.map((s) => s.slice(1, -1));
    expect(HARM_GROUNDS.map((g) => g.name)).toEqual(names);
    expect(HARM_GROUNDS.map((g) => g.cite)).toEqual(cites);
    expect(cc).toContain(`reasons.size() > ${MAX_HARM_REASONS}`);
  });
  it('is made while the request is verifying, retrieving or in review', () => {
    const service = source('../../src/app/denial_review_service.cc');
    expect(service).toMatch(/state != RequestState::kVerifying && state != RequestState::kRetrieving &&\s*state != RequestState::kInReview/);
    expect(['verifying', 'retrieving', 'in_review'].every(mayDetermineHarmIn)).toBe(true);
    expect(['received', 'ready_to_release', 'denied', 'released'].some(mayDetermineHarmIn)).toBe(false);
  });
  it('needs documents of the request, a ground and reasons', () => {
    expect(harmProblems({ document_ids: [], ground: '', reasons: ' ' }, [3])).toEqual({
      document_ids: 'Choose at least one document.', ground: 'Choose the ground.', reasons: 'Give your reasons.',
    });
    expect(harmProblems({ document_ids: [9], ground: 'endanger_life_or_safety', reasons: 'x' }, [3])).toEqual({ document_ids: 'Choose documents of this request only.' });
    expect(harmProblems({ document_ids: [3], ground: 'harm_to_referenced_person', reasons: 'é'.repeat(2001) }, [3])).toEqual({ reasons: 'Use at most 4000 bytes.' });
    expect(harmProblems({ document_ids: [3], ground: 'harm_to_referenced_person', reasons: 'Synthetic.' }, [3])).toEqual({});
  });
  it('sends sorted unique ids and trimmed reasons', () => {
    expect(harmBody({ document_ids: [5, 3, 5], ground: 'endanger_life_or_safety', reasons: ' r ' }))
      .toEqual({ document_ids: [3, 5], ground: 'endanger_life_or_safety', reasons: 'r' });
  });
  it('puts a refusal beside the field it names', () => {
    expect(harmFieldOf('invalid fields: /reasons', ['/reasons'])).toBe('reasons');
    expect(harmFieldOf('invalid fields: /document_ids/0', ['/document_ids/0'])).toBe('document_ids');
    expect(harmFieldOf('ground harm_via_representative applies only when a personal representative asks', [])).toBe('ground');
    expect(harmFieldOf('document_ids: document 8 is not a document of the request\'s patient', [])).toBe('document_ids');
    expect(harmFieldOf('harm determinations are made while the request is verifying, retrieving or in review; it is received', [])).toBeNull();
    const service = source('../../src/app/denial_review_service.cc');
    expect(service).toContain('"ground harm_via_representative applies only when a personal representative asks"');
    expect(service).toContain('InvalidArgumentError("document_ids: document "');
  });
});
