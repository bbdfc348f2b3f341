// Dashboards for managers (#/dashboard, needs view_reports): backlog by age, turnaround
// (distribution, median, p90, on-time rate), volume by requester role and outcome, and fees
// invoiced vs collected — over GET /api/v1/reports/{backlog,turnaround,volume,fees}.  Loaded on
// demand (a dynamic import in routes.ts), so the charts cost nothing on the first load.
import { request, type Session } from '../api';
import { barChart, stackedChart } from '../charts';
import {
  type BacklogReport, backlogBars, days, defaultWindow, dollars, type FeeReport, feeBars, percent,
  type ReportWindow, type TurnaroundReport, turnaroundBars, type VolumeReport, volumeGroups,
  windowProblems, windowQuery,
} from '../dash_logic';
import { h } from '../dom';
import { ErrorSummary, type Field, setFieldError, textField } from '../forms';
import { words } from '../requests';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function stat(label: string, value: string, name: string): HTMLElement {
  return h('div', { class: 'stat', 'data-stat': name }, h('dt', {}, label), h('dd', {}, value));
}

export function renderDashboard(main: HTMLElement, _session: Session): void {
  const summary = new ErrorSummary();
  const initial = defaultWindow(today());
  const from = textField('From', 'dash_from', { type: 'date', value: initial.from, hint: 'First day (UTC).' });
  const to = textField('To', 'dash_to', { type: 'date', value: initial.to, hint: 'Last day, included.' });
  const fields: Record<string, Field> = { from, to };
  const show = h('button', { type: 'submit', class: 'primary' }, 'Show');
  const form = h('form', { novalidate: true, class: 'dash-window', 'aria-label': 'Report window' },
    h('fieldset', {}, h('legend', {}, 'Date window'), h('div', { class: 'grid' }, from.wrapper, to.wrapper)), show);
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'dash-body' });

  const load = async (window: ReportWindow) => {
    show.disabled = true;
    status.textContent = 'Loading the reports…';
    const query = windowQuery(window);
    try {
      const [backlog, turnaround, volume, fees] = await Promise.all([
        request<BacklogReport>('GET', '/api/v1/reports/backlog'),
        request<TurnaroundReport>('GET', `/api/v1/reports/turnaround?${query}`),
        request<VolumeReport>('GET', `/api/v1/reports/volume?${query}`),
        request<FeeReport>('GET', `/api/v1/reports/fees?${query}`),
      ]);
      summary.hide();
      const volumeData = volumeGroups(volume);
      volumeData.series = volumeData.series.map(words);
      volumeData.groups = volumeData.groups.map(words);
      body.replaceChildren(
        h('section', { 'aria-labelledby': 'dash-backlog' },
          h('h2', { id: 'dash-backlog' }, 'Backlog by age'),
          h('dl', { class: 'stats' }, stat('Open requests', String(backlog.open), 'open'),
            stat('Overdue', String(backlog.overdue), 'overdue'), stat('As of', backlog.as_of, 'as_of')),
          barChart(backlogBars(backlog), { id: 'backlog', title: `Open requests by days since receipt, as of ${backlog.as_of}`,
            description: 'Bar chart of open requests by age.', valueHeader: 'Open requests' })),
        h('section', { 'aria-labelledby': 'dash-turnaround' },
          h('h2', { id: 'dash-turnaround' }, 'Turnaround'),
          h('dl', { class: 'stats' }, stat('Completed', String(turnaround.completed), 'completed'),
            stat('Median', days(turnaround.median_days), 'median'), stat('90th percentile', days(turnaround.p90_days), 'p90'),
            stat('On time', `${percent(turnaround.on_time_rate)} (${turnaround.on_time} of ${turnaround.completed})`, 'on_time')),
          barChart(turnaroundBars(turnaround), { id: 'turnaround', title: `Requests completed ${turnaround.from} to ${turnaround.to}, by days taken`,
            description: 'Bar chart of the turnaround distribution.', valueHeader: 'Requests' })),
        h('section', { 'aria-labelledby': 'dash-volume' },
          h('h2', { id: 'dash-volume' }, 'Volume by requester role and outcome'),
          volumeData.groups.length === 0
            ? h('p', {}, 'No requests were received in this window.')
            : stackedChart(volumeData, { id: 'volume', title: `Requests received ${volume.from} to ${volume.to}, by requester role and state`,
              description: 'Stacked bar chart of requests by requester role, split by state.' })),
        h('section', { 'aria-labelledby': 'dash-fees' },
          h('h2', { id: 'dash-fees' }, 'Fees invoiced and collected'),
          barChart(feeBars(fees), { id: 'fees', title: `Fees on invoices issued ${fees.from} to ${fees.to}`,
            description: 'Bar chart of fees in dollars.', format: dollars, valueHeader: 'Amount' })),
      );
      status.textContent = `Reports for ${window.from} to ${window.to}.`;
    } catch (error) {
      status.textContent = '';
      summary.showError(error);
    } finally {
      show.disabled = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const window = { from: from.control.value.trim(), to: to.control.value.trim() };
    for (const f of Object.values(fields)) setFieldError(f, null);
    const problems = windowProblems(window);
    const names = Object.keys(problems);
    if (names.length > 0) {
      for (const name of names) setFieldError(fields[name]!, problems[name]!);
      summary.show('The reports were not loaded:', names.map((n) => problems[n]!));
      return;
    }
    void load(window);
  });

  // routes.ts put the heading (and a loading line) there before this module arrived.
  main.querySelector('.dash-loading')?.remove();
  if (!main.querySelector('h1')) main.append(h('h1', {}, 'Dashboards'));
  main.append(
    h('p', { class: 'lead' }, 'How the release-of-information desk is doing: backlog, turnaround, volume and fees. Each chart is followed by a table of its figures.'),
    summary.element, form, status, body);
  void load(initial);
}
