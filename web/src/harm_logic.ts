// DOM-free logic of the form a licensed professional (a clinician) makes a harm determination
// with (views/harm_determinations.ts): that access to documents of the request is reasonably
// likely to cause harm (45 CFR 164.524(a)(3)), on one of the engine's three grounds
// (src/domain/denial_review.cc), with reasons (1 to 4000 bytes) →
// POST /api/v1/requests/{id}/harm-determinations.

export interface HarmGround {
  name: string;
  words: string;
  cite: string;
}

// kGroundNames and kGroundCites of src/domain/denial_review.cc, in their order.
export const HARM_GROUNDS: readonly HarmGround[] = [
  { name: 'endanger_life_or_safety', words: 'Access is reasonably likely to endanger the life or physical safety of the individual or another person', cite: '45 CFR 164.524(a)(3)(i)' },
  { name: 'harm_to_referenced_person', words: 'The record names another person, and access is reasonably likely to cause that person substantial harm', cite: '45 CFR 164.524(a)(3)(ii)' },
  { name: 'harm_via_representative', words: 'Access by the personal representative is reasonably likely to cause the individual or another person substantial harm', cite: '45 CFR 164.524(a)(3)(iii)' },
];

export const MAX_HARM_REASONS = 4000; // bytes (src/domain/denial_review.cc)

// Harm determinations are made while the request is in one of these states (DenialReviewService::RecordHarm).
export const mayDetermineHarmIn = (state: string) => ['verifying', 'retrieving', 'in_review'].includes(state);

export interface HarmForm {
  document_ids: number[];
  ground: string;
  reasons: string;
}

// The form's problems by field (document_ids, ground, reasons); empty when it may be sent.
export function harmProblems(form: HarmForm, known: readonly number[]): Record<string, string> {
  const problems: Record<string, string> = {};
  if (form.document_ids.length === 0) problems.document_ids = 'Choose at least one document.';
  else if (form.document_ids.some((id) => !known.includes(id))) problems.document_ids = 'Choose documents of this request only.';
  if (!HARM_GROUNDS.some((g) => g.name === form.ground)) problems.ground = 'Choose the ground.';
  const reasons = form.reasons.trim();
  if (reasons === '') problems.reasons = 'Give your reasons.';
  else if (new TextEncoder().encode(reasons).length > MAX_HARM_REASONS) problems.reasons = `Use at most ${MAX_HARM_REASONS} bytes.`;
  return problems;
}

export function harmBody(form: HarmForm): { document_ids: number[]; ground: string; reasons: string } {
  return { document_ids: [...new Set(form.document_ids)].sort((a, b) => a - b), ground: form.ground, reasons: form.reasons.trim() };
}

// Which field a refusal of the server is about: its details' paths first (/document_ids/0,
// /ground, /reasons), then the start of its message ("ground harm_via_representative applies …").
export function harmFieldOf(message: string, paths: readonly string[]): string | null {
  for (const path of paths) {
    const name = path.split('/')[1] ?? '';
    if (['document_ids', 'ground', 'reasons'].includes(name)) return name;
  }
  for (const name of ['document_ids', 'ground', 'reasons']) if (message.startsWith(name)) return name;
  return null;
}
