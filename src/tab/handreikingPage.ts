import { linksCheckedText, PARTY_LABELS } from '../cards/views';
import { handreikingSource, leansOnLapsedLeeway, OWN_WORDS, optionSource, quoted } from '../cards/attribution';
import { earliest } from '../knowledge/freshness';
import type { Knowledge } from '../knowledge/load';
import { stepOf } from '../knowledge/load';
import type { Option } from '../knowledge/schema';
import { anchorFor, TAB_PATH } from './deepLink';
import { type Html, html } from './html';

/**
 * The handreiking as one accessible web page, built from the knowledge at start: the three steps with
 * every option (each a disclosure with its explanation, steps, cautions, source and documents), the
 * "Meer weten?" documents, the "Vragen stellen of sparren?" routes, a search box and the notice that
 * the guidance is from 2020. Only an option's quote is the handreiking's text; the page says so.
 * The contact routes are the public ones from the knowledge: the school's own people (CONTACTS_FILE)
 * are not shown, because the page is served without sign-in. Pure: knowledge in, HTML out.
 */
export function handreikingPage(knowledge: Knowledge, assets: { script: string; style: string; icon: string }): string {
  const { notice } = knowledge;
  const documents = [...knowledge.documents.values()];
  const routes = [...knowledge.contactRoutes.values()];
  const checked = earliest(documents.map((d) => d.checkedOn));
  const page = html`<!doctype html>
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>Handreiking bpv in tijden van corona · Bpv-wegwijzer</title>
        <link rel="icon" href="${TAB_PATH}${assets.icon}" />
        <link rel="stylesheet" href="${TAB_PATH}${assets.style}" />
        <script src="${TAB_PATH}${assets.script}" defer></script>
      </head>
      <body>
        <a class="skip" href="#inhoud">Naar de inhoud</a>
        <header class="top">
          <p class="brand">Bpv-wegwijzer</p>
          <h1>Handreiking beroepspraktijkvorming in tijden van corona</h1>
          <p class="byline">
            Van de MBO Raad en SBB, ${notice.published}. De uitleg bij elke oplossing is van de Bpv-wegwijzer.
          </p>
          <p class="notice" id="let-op">${notice.short}</p>
          <nav aria-label="Onderdelen">
            <ul>
              ${knowledge.steps.map((s) => html`<li><a href="#stap-${s.number}">Stap ${s.number}</a></li>`)}
              <li><a href="#meer-weten">Meer weten?</a></li>
              <li><a href="#vragen">Vragen stellen of sparren?</a></li>
            </ul>
          </nav>
        </header>
        <main id="inhoud" tabindex="-1">
          <section class="search" aria-labelledby="zoek-titel">
            <h2 id="zoek-titel">Zoek in de handreiking</h2>
            <form id="zoek" action="${TAB_PATH}" method="get" role="search" aria-label="Zoek in de handreiking">
              <label for="vraag">Je vraag of een paar woorden</label>
              <div class="field">
                <input
                  id="vraag"
                  name="vraag"
                  type="search"
                  maxlength="500"
                  autocomplete="off"
                  spellcheck="true"
                  placeholder="bijvoorbeeld: leerbaan weggevallen"
                />
                <button type="submit">Zoeken</button>
              </div>
              <p class="hint">Noem geen namen van studenten. Je vraag wordt niet bewaard.</p>
            </form>
            <div id="resultaten" class="results" aria-live="polite"></div>
          </section>
          ${knowledge.steps.map((step) => {
            const options = knowledge.options.filter((o) => stepOf(o) === step.number);
            return html` <section
              id="stap-${step.number}"
              class="step"
              tabindex="-1"
              aria-labelledby="stap-${step.number}-titel"
            >
              <h2 id="stap-${step.number}-titel">Stap ${step.number}: ${step.title}</h2>
              <p class="intro">${step.intro} <span class="own">(Samenvatting van de Bpv-wegwijzer.)</span></p>
              ${options.map((o) => optionSection(knowledge, o))}
            </section>`;
          })}
          <section id="meer-weten" aria-labelledby="meer-weten-titel">
            <h2 id="meer-weten-titel">Meer weten?</h2>
            <p>
              Deze documenten noemt de handreiking (${notice.published}) onder "Meer weten?". De uitleg erbij is van de
              Bpv-wegwijzer.
            </p>
            <ul class="cards">
              ${documents.map(
                (d) =>
                  html`<li id="${anchorFor(`doc:${d.id}`) ?? ''}" tabindex="-1">
                    <h3>${d.version ? `${d.title} (versie ${d.version})` : d.title}</h3>
                    <p class="meta">${d.publisher}</p>
                    <p>${d.purpose}</p>
                    ${d.versionNote ? html`<p>${d.versionNote}</p>` : ''}
                    <p>${externalLink(d.url, d.urlLabel)}</p>
                  </li>`,
              )}
            </ul>
            ${checked ? html`<p class="meta">${linksCheckedText(checked)}</p>` : ''}
          </section>
          <section id="vragen" aria-labelledby="vragen-titel">
            <h2 id="vragen-titel">Vragen stellen of sparren?</h2>
            <p>
              Deze drie routes noemt de handreiking (${notice.published}) onder "Vragen stellen of sparren?". In een
              persoonlijk gesprek met de Bpv-wegwijzer zie je de route voor jouw sector.
            </p>
            <ul class="cards">
              ${routes.map(
                (r) =>
                  html`<li id="${anchorFor(`contact:${r.id}`) ?? ''}" tabindex="-1">
                    <h3>${r.title}</h3>
                    <p class="meta">${r.organisation}</p>
                    <p>${r.description}</p>
                    <p>Je kunt er terecht met vragen over:</p>
                    <ul>
                      ${r.topics.map((t) => html`<li>${t}</li>`)}
                    </ul>
                    <p>${externalLink(r.defaultUrl, r.defaultUrlLabel)}</p>
                  </li>`,
              )}
            </ul>
          </section>
        </main>
        <footer class="bottom">
          <p>${notice.short}</p>
          <p>
            Bron: ${handreikingSource(knowledge)}. Alleen de citaten komen uit de handreiking; de rest is van de
            Bpv-wegwijzer, niet van de MBO Raad of SBB.
          </p>
        </footer>
      </body>
    </html> `;
  return page.text;
}

function optionSection(knowledge: Knowledge, o: Option): Html {
  const documents = o.documents.map((id) => knowledge.documents.get(id)).filter((d) => d !== undefined);
  const route = knowledge.contactRoutes.get(o.contact);
  const lapsed = leansOnLapsedLeeway(knowledge, o.key);
  const id = anchorFor(o.key) ?? '';
  return html` <details id="${id}" class="option">
    <summary>
      <h3><span class="key">${o.key}</span> ${o.title}</h3>
      <span class="summary">${o.summary}</span>
    </summary>
    <div class="body">
      ${lapsed ? html`<p class="notice">${knowledge.notice.full}</p>` : ''}
      <figure class="quote">
        <blockquote><p>${quoted(o)}</p></blockquote>
        <figcaption>Bron: ${optionSource(knowledge, o)}</figcaption>
      </figure>
      <h4>Uitwerking door de Bpv-wegwijzer</h4>
      <p class="own">${OWN_WORDS}</p>
      <p>${o.explanation}</p>
      <h4>Wat je kunt doen</h4>
      <ol>
        ${o.actions.map((a) => html`<li>${a}</li>`)}
      </ol>
      <h4>Wie betrek je?</h4>
      <ul>
        ${o.involve.map((p) => html`<li>${PARTY_LABELS[p]}</li>`)}
      </ul>
      ${
        o.cautions.length > 0
          ? html`<h4>Let op</h4>
              <ul>
                ${o.cautions.map((c) => html`<li>${c}</li>`)}
              </ul>`
          : ''
      }
      ${
        documents.length > 0
          ? html`<h4>Meer weten?</h4>
              <ul>
                ${documents.map((d) => html`<li><a href="#${anchorFor(`doc:${d.id}`) ?? ''}">${d.title}</a></li>`)}
              </ul>`
          : ''
      }
      ${
        route
          ? html`<h4>Vragen?</h4>
              <p><a href="#${anchorFor(`contact:${route.id}`) ?? ''}">${route.title}</a> · ${route.organisation}</p>`
          : ''
      }
    </div>
  </details>`;
}

/** A link to another site: opens in a new window, and says so to screen readers. */
function externalLink(url: string, label: string): Html {
  return html`<a href="${url}" target="_blank" rel="noopener noreferrer"
    >${label}<span class="visually-hidden"> (opent in een nieuw venster)</span></a
  >`;
}
