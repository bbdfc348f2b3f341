// The rule packs (#/rules, any signed-in user): GET /api/v1/rules lists the loaded packs — federal
// and each state overlay — with every rule's code, citation and a summary of its figures; the
// form narrows them by jurisdiction and by a part of the code.  Read-only: the packs are files
// (rules/*.toml) loaded at start-up.
import { request, type Session } from '../api';
import { h } from '../dom';
import { ErrorSummary, selectField, setFieldError, textField } from '../forms';
import { words } from '../requests';

interface RuleLine {
  code: string;
  citation: string;
  kind: string;
  summary: string;
  enabled: boolean;
}

interface RulePacks {
  packs: { jurisdiction: string; name: string; rules: RuleLine[] }[];
  jurisdictions: string[];
}

export function renderRules(main: HTMLElement, _session: Session): void {
  const summary = new ErrorSummary();
  const jurisdiction = selectField('Jurisdiction', 'rules_jurisdiction', [['', 'All packs']]);
  const code = textField('Code contains', 'rules_code', { hint: 'e.g. ACCESS or CA_' });
  const filter = h('button', { type: 'submit', class: 'primary' }, 'Filter');
  const form = h('form', { novalidate: true, class: 'rules-filter', role: 'search', 'aria-label': 'Rules' },
    h('div', { class: 'grid' }, jurisdiction.wrapper, code.wrapper), filter);
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'rule-packs' });
  let choicesFilled = false;

  const load = async () => {
    filter.disabled = true;
    const query = new URLSearchParams();
    if (jurisdiction.control.value) query.set('jurisdiction', jurisdiction.control.value);
    if (code.control.value.trim()) query.set('code', code.control.value.trim());
    try {
      const data = await request<RulePacks>('GET', `/api/v1/rules${query.size > 0 ? `?${query}` : ''}`);
      summary.hide();
      if (!choicesFilled) {
        for (const j of data.jurisdictions) jurisdiction.control.append(h('option', { value: j }, j === 'US' ? 'US (federal)' : j));
        choicesFilled = true;
      }
      const count = data.packs.reduce((n, p) => n + p.rules.length, 0);
      status.textContent = `${count} rule${count === 1 ? '' : 's'} in ${data.packs.length} pack${data.packs.length === 1 ? '' : 's'}.`;
      results.replaceChildren(...data.packs.map((pack) => h('section', { class: 'rule-pack', 'data-jurisdiction': pack.jurisdiction },
        h('h2', {}, `${pack.name} (${pack.jurisdiction})`),
        pack.rules.length === 0 ? h('p', {}, 'No rule of this pack matches.') : h('table', { class: 'rules' },
          h('caption', { class: 'visually-hidden' }, `Rules of ${pack.name}`),
          h('thead', {}, h('tr', {}, ['Code', 'Citation', 'Kind', 'Summary'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, pack.rules.map((r) => h('tr', { 'data-code': r.code },
            h('td', {}, h('code', {}, r.code)),
            h('td', {}, r.citation || '—'),
            h('td', {}, words(r.kind)),
            h('td', {}, r.summary, r.enabled ? '' : h('span', { class: 'badge switched-off' }, 'Switched off')))))))));
    } catch (error) {
      summary.showError(error);
    } finally {
      filter.disabled = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = code.control.value.trim();
    setFieldError(code, null);
    if (text.length > 100 || /[^A-Za-z0-9_]/.test(text)) {
      const problem = 'Code contains: letters, digits and underscores only, at most 100.';
      setFieldError(code, problem);
      summary.show('The rules were not filtered:', [problem]);
      return;
    }
    void load();
  });

  main.append(h('h1', {}, 'Rules'),
    h('p', { class: 'lead' }, 'The rule packs this server loaded: federal law first, then each state overlay. Each rule with its code, its citation and what it sets.'),
    summary.element, form, status, results);
  void load();
}
