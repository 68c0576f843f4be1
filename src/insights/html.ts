import { FEEDBACK_REASONS, MAX_STORED_QUESTION, REASON_LABELS } from '../domain/feedback';
import { barChart, COLOURS, columnChart, type Series } from './charts';
import type { InsightsReport, OptionRow, TextCount } from './report';
import { dutchDate, instancesText } from './summaryCard';
import { type Suggestion, suggestionsYaml, weakSuggestion } from './suggest';
import { MAX_TEXT_ROWS } from './model';

/**
 * The insights report as one HTML file: charts drawn when it is built (inline SVG), a table with the
 * same numbers behind every chart, CSS in the file, no script and nothing fetched (a content security
 * policy in the file forbids it), so it opens offline, in a mail attachment and in Outlook's preview.
 */

const esc = (text: string | number): string =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const STYLE = `
body{font-family:"Segoe UI",Arial,sans-serif;color:#202124;background:#fff;margin:0;line-height:1.45}
main{max-width:820px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 8px;border-top:1px solid #dadce0;padding-top:20px}
h3{font-size:16px;margin:20px 0 6px}p{margin:6px 0}.sub{color:#5f6368}
.figures{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0;padding:0;list-style:none}
.figures li{border:1px solid #dadce0;border-radius:6px;padding:8px 12px;min-width:128px}
.figures b{display:block;font-size:22px}.figures span{color:#3c4043;font-size:13px}
figure{margin:12px 0}.chart svg{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid #e0e0e0;padding:4px 6px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
details{margin:6px 0}summary{cursor:pointer;color:#1f5fa8}
pre{background:#f6f8fa;border:1px solid #dadce0;border-radius:6px;padding:10px;overflow:auto;font-size:12px;white-space:pre-wrap}
.note{background:#f1f5fb;border-left:4px solid #1f5fa8;padding:8px 12px}
`;

interface Column<T> {
  head: string;
  cell: (row: T) => string | number;
  numeric?: boolean;
}

function table<T>(id: string, caption: string, columns: readonly Column<T>[], rows: readonly T[]): string {
  if (rows.length === 0) return `<p class="sub" data-table="${id}">Geen gegevens in deze periode.</p>`;
  const head = columns.map((c) => `<th scope="col"${c.numeric ? ' class="n"' : ''}>${esc(c.head)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns
          .map((c, i) => {
            const tag = i === 0 ? 'th scope="row"' : 'td';
            const close = i === 0 ? 'th' : 'td';
            return `<${tag}${c.numeric ? ' class="n"' : ''}>${esc(c.cell(row))}</${close}>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table data-table="${id}"><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A chart with its description for screen readers and the table with its numbers right behind it. */
function figure(id: string, title: string, svg: string, tableHtml: string): string {
  return `<figure data-chart="${id}">
<figcaption><h3>${esc(title)}</h3></figcaption>
<div class="chart" role="img" aria-label="${esc(`Grafiek: ${title}. De getallen staan in de tabel eronder.`)}">${svg}</div>
${tableHtml}
</figure>`;
}

const optionLabel = (o: Pick<OptionRow, 'key' | 'title'>) =>
  o.title && o.title !== o.key ? `${o.key} ${o.title}` : o.key;

function weeksSection(report: InsightsReport): string {
  const labels = report.weeks.map((w) => w.label);
  const activity: Series[] = [
    { name: 'Vragen', values: report.weeks.map((w) => w.questions), colour: COLOURS.blue },
    { name: 'Adviezen', values: report.weeks.map((w) => w.adviceCards), colour: COLOURS.green },
    { name: 'Doorverwijzingen', values: report.weeks.map((w) => w.referrals), colour: COLOURS.orange },
  ];
  const doubt: Series[] = [
    {
      name: 'Zeker beantwoord',
      values: report.weeks.map((w) => Math.max(0, w.questions - w.unsure - w.outOfScope)),
      colour: COLOURS.blue,
      stack: 'q',
    },
    { name: 'Niet zeker', values: report.weeks.map((w) => w.unsure), colour: COLOURS.orange, stack: 'q' },
    { name: 'Buiten de handreiking', values: report.weeks.map((w) => w.outOfScope), colour: COLOURS.grey, stack: 'q' },
  ];
  const weekName = (w: InsightsReport['weeks'][number]) => `${w.label} (vanaf ${dutchDate(w.week)})`;
  return `<h2>Per week</h2>
${figure(
  'weeks',
  'Vragen, adviezen en doorverwijzingen per week',
  columnChart(labels, activity),
  table(
    'weeks',
    'Per week',
    [
      { head: 'Week', cell: weekName },
      { head: 'Vragen', cell: (w) => w.questions, numeric: true },
      { head: 'Adviezen', cell: (w) => w.adviceCards, numeric: true },
      { head: 'Doorverwijzingen', cell: (w) => w.referrals, numeric: true },
    ],
    report.weeks,
  ),
)}
${figure(
  'doubt',
  'Niet zeker en buiten de handreiking per week',
  columnChart(labels, doubt),
  table(
    'doubt',
    'Vragen per week naar antwoord',
    [
      { head: 'Week', cell: weekName },
      { head: 'Vragen', cell: (w) => w.questions, numeric: true },
      { head: 'Niet zeker', cell: (w) => w.unsure, numeric: true },
      { head: 'Buiten de handreiking', cell: (w) => w.outOfScope, numeric: true },
    ],
    report.weeks,
  ),
)}`;
}

function optionsSection(report: InsightsReport): string {
  const options = report.options.filter((o) => o.advised + o.opened + o.planned > 0);
  const rated = report.options
    .filter((o) => o.useful + o.notUseful > 0)
    .sort((a, b) => b.useful + b.notUseful - (a.useful + a.notUseful));
  const reasonsOf = (o: OptionRow) =>
    FEEDBACK_REASONS.filter((r) => o.reasons[r])
      .map((r) => `${REASON_LABELS[r].toLowerCase()}: ${o.reasons[r]}`)
      .join('; ');
  const reasons = report.reasons.filter((r) => r.count > 0);
  return `<h2>Per oplossing</h2>
<p>Hoe vaak een oplossing in een advies stond, hoe vaak iemand de details opende en hoe vaak iemand haar in een plan zette.</p>
${figure(
  'options',
  'Geadviseerd, geopend en in een plan gezet',
  barChart(options.map(optionLabel), [
    { name: 'Geadviseerd', values: options.map((o) => o.advised), colour: COLOURS.blue },
    { name: 'Geopend', values: options.map((o) => o.opened), colour: COLOURS.purple },
    { name: 'In een plan', values: options.map((o) => o.planned), colour: COLOURS.green },
  ]),
  table(
    'options',
    'Per oplossing',
    [
      { head: 'Oplossing', cell: optionLabel },
      { head: 'Geadviseerd', cell: (o) => o.advised, numeric: true },
      { head: 'Geopend', cell: (o) => o.opened, numeric: true },
      { head: 'In een plan', cell: (o) => o.planned, numeric: true },
    ],
    options,
  ),
)}
${figure(
  'ratings',
  'Nuttig en niet nuttig, per antwoord',
  barChart(rated.map(optionLabel), [
    { name: 'Nuttig', values: rated.map((o) => o.useful), colour: COLOURS.green, stack: 'r' },
    { name: 'Niet nuttig', values: rated.map((o) => o.notUseful), colour: COLOURS.red, stack: 'r' },
  ]),
  table(
    'ratings',
    'Beoordelingen per antwoord (oplossing, document of contactroute)',
    [
      { head: 'Antwoord', cell: optionLabel },
      { head: 'Nuttig', cell: (o) => o.useful, numeric: true },
      { head: 'Niet nuttig', cell: (o) => o.notUseful, numeric: true },
      { head: 'Redenen bij niet nuttig', cell: reasonsOf },
    ],
    rated,
  ),
)}
${figure(
  'reasons',
  'Redenen bij "niet nuttig"',
  barChart(
    reasons.map((r) => r.label),
    [{ name: 'Keer gekozen', values: reasons.map((r) => r.count), colour: COLOURS.red }],
  ),
  table(
    'reasons',
    'Redenen bij niet nuttig',
    [
      { head: 'Reden', cell: (r) => r.label },
      { head: 'Keer gekozen', cell: (r) => r.count, numeric: true },
    ],
    reasons,
  ),
)}`;
}

function intentsSection(report: InsightsReport): string {
  const top = report.intents.slice(0, 20);
  return `<h2>Wat mensen typten</h2>
<p>Hoe de bot getypte berichten las: een vraag (zeker, niet zeker of teruggevraagd), een opdracht, een praatje, een adviesvraag of iets buiten de handreiking.</p>
${figure(
  'intents',
  'Getypte berichten naar bedoeling',
  barChart(
    top.map((i) => i.label),
    [{ name: 'Berichten', values: top.map((i) => i.count), colour: COLOURS.blue }],
    280,
  ),
  table(
    'intents',
    'Berichten naar bedoeling',
    [
      { head: 'Bedoeling', cell: (i) => i.label },
      { head: 'Soort', cell: (i) => i.group },
      { head: 'Berichten', cell: (i) => i.count, numeric: true },
    ],
    report.intents,
  ),
)}`;
}

function questionsSection(report: InsightsReport): string {
  const textColumns = (extra?: Column<TextCount>): Column<TextCount>[] => [
    { head: 'Vraag (genormaliseerd)', cell: (q) => q.text },
    ...(extra ? [extra] : []),
    { head: 'Keer', cell: (q) => q.count, numeric: true },
  ];
  return `<h2>Vragen om van te leren</h2>
<p>Vragen zonder zeker antwoord, buiten de handreiking, of waarvan het antwoord "niet nuttig" kreeg: in kleine letters, zonder leestekens, e-mailadressen, links, telefoon- en andere lange nummers.</p>
${table('unsure', 'Vaakst gevraagd zonder zeker antwoord', textColumns(), report.unsure)}
${table('out-of-scope', 'Vaakst gevraagd buiten de handreiking', textColumns({ head: 'Onderwerp', cell: (q) => q.keyLabel }), report.outOfScope)}
${table('not-useful', 'Antwoord niet nuttig gevonden', textColumns({ head: 'Kreeg antwoord', cell: (q) => `${q.key} ${q.keyLabel}` }), report.notUseful)}`;
}

function suggestionsSection(suggestions: readonly Suggestion[] | undefined): string {
  if (!suggestions) return '';
  const change = (s: Suggestion) => {
    if (!s.change) {
      if (!s.target) return 'geen: nieuw onderwerp of contactroute?';
      return s.alreadyFixed ? 'al opgelost' : weakSuggestion(s) ? 'geen: te weinig houvast' : 'staat al als voorbeeld';
    }
    if (s.change.file === 'knowledge/questions.yaml') return `voorbeeldvraag bij ${s.change.key}`;
    return `synoniem "${s.change.word}" bij "${s.change.partner}"`;
  };
  return `<h2>Voorstellen voor de kennisbank</h2>
<p>Per vraag het antwoord dat waarschijnlijk bedoeld was (uit de rangschikking van de bot) en de wijziging die het oplost.
Elke wijziging is geprobeerd: de kennis met alle voorstellen erbij, de vraag opnieuw gesteld. De bot verandert zijn kennis
nooit zelf: een inhoudelijk beheerder leest ze na en plakt ze; <code>npm run eval</code> laat daarna het effect zien.</p>
${table(
  'suggestions',
  'Voorstellen',
  [
    { head: 'Vraag', cell: (s: Suggestion) => s.question },
    { head: 'Keer', cell: (s) => s.count, numeric: true },
    { head: 'Bedoeld antwoord', cell: (s) => (s.target ? `${s.target.key} ${s.target.title}` : '-') },
    { head: 'Zekerheid', cell: (s) => s.certainty },
    { head: 'Wijziging', cell: change },
    { head: 'Daarna zeker', cell: (s) => (s.change ? (s.fixed ? 'ja' : 'nee') : '-') },
  ],
  suggestions,
)}
<details><summary>De voorstellen als YAML om te plakken</summary>
<pre>${esc(suggestionsYaml(suggestions))}</pre></details>`;
}

function privacySection(report: InsightsReport): string {
  return `<h2>Over deze gegevens</h2>
<div class="note"><p><b>Wat erin staat:</b> tellingen per dag (UTC): hoe vaak de bot een vraag kreeg en hoe hij die las, welke
oplossingen in een advies stonden, geopend, in een plan gezet en als nuttig of niet nuttig beoordeeld (met de gekozen reden),
en hoe vaak iemand werd doorverwezen, per contactroute. Daarnaast de tekst van vragen zonder zeker antwoord, buiten de handreiking
of met een antwoord dat niet nuttig werd gevonden: genormaliseerd (kleine letters, zonder leestekens), zonder e-mailadressen, links,
IBAN's, telefoon- en andere lange nummers, hoogstens ${MAX_STORED_QUESTION} tekens en hoogstens ${esc(MAX_TEXT_ROWS.toLocaleString('nl-NL'))} verschillende vragen.</p>
<p><b>Wat er niet in staat:</b> geen namen, gebruikers-, gesprek- of berichtnummers, geen tijd fijner dan een dag, geen antwoorden
uit de intake en geen plannen. Niets in deze gegevens zegt wie iets vroeg of deed. Namen van studenten kan de bot niet betrouwbaar
herkennen: de kaarten vragen ze niet te typen.</p>
<p><b>Hoe lang:</b> gegevens ouder dan de bewaartermijn (RETENTION_DAYS, standaard 90 dagen) worden gewist. Een
<i>instantie</i> is één draaiend proces van de bot (een herstart telt als een nieuwe); dit rapport telt er ${esc(instancesText(report.instances))}.
Vragen in het zoekvak van de tab en de berichtenbalk worden niet bewaard.</p></div>`;
}

export interface HtmlOptions {
  suggestions?: readonly Suggestion[];
}

export function reportHtml(report: InsightsReport, options: HtmlOptions = {}): string {
  const t = report.totals;
  const period = report.period
    ? `${dutchDate(report.period.from)} tot en met ${dutchDate(report.period.to)}`
    : 'nog geen gegevens';
  const figures: Array<[string, number | string]> = [
    ['Vragen', t.questions],
    ['Niet zeker', t.unsure],
    ['Buiten de handreiking', t.outOfScope],
    ['Adviezen', t.adviceCards],
    ['Details geopend', t.opened],
    ['In een plan', t.planned],
    ['Doorverwijzingen', t.referrals],
    ['Nuttig / niet nuttig', `${t.useful} / ${t.notUseful}`],
  ];
  const body = report.period
    ? [
        weeksSection(report),
        optionsSection(report),
        intentsSection(report),
        questionsSection(report),
        suggestionsSection(options.suggestions),
      ].join('\n')
    : '<p>Er is in deze periode nog niets geteld: er is nog geen vraag gesteld, advies gegeven of beoordeeld.</p>';
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inzichten Bpv-wegwijzer, ${esc(period)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Inzichten Bpv-wegwijzer</h1>
<p class="sub" data-period="${esc(report.period ? `${report.period.from}/${report.period.to}` : '')}">Periode: ${esc(period)}. Gemaakt op ${esc(dutchDate(report.made))}.
Gegevens van <span data-instances="${esc(report.instances)}">${esc(instancesText(report.instances))}</span>.</p>
<h2>In het kort</h2>
<ul class="figures" data-figures>
${figures.map(([label, value]) => `<li><b>${esc(value)}</b><span>${esc(label)}</span></li>`).join('\n')}
</ul>
${body}
${privacySection(report)}
</main>
</body>
</html>
`;
}
