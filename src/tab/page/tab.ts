// The handreiking tab in the browser: follows the Teams theme through the Teams JavaScript client
// library (teams-js) when Teams hosts the page, opens the option Teams asks for (the deep link's
// sub-entity) or the one in the address (#optie-1-3), and answers the search box from the bot's
// read-only endpoint. Bundled with esbuild (src/tab/assets.ts); no inline script, no other hosts.
import { app } from '@microsoft/teams-js';
import { anchorFor, TAB_PATH } from '../deepLink';

/** How long to wait for a Teams host to answer before treating the page as a plain web page. */
const HOST_TIMEOUT_MS = 5_000;

function setTheme(theme: string | undefined): void {
  document.documentElement.dataset.theme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

/**
 * Shows the element with this id: a closed option opens, and focus goes there so keyboard and screen
 * reader users are where the link took them (unless they already moved on inside it).
 */
function openAt(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  if (target instanceof HTMLDetailsElement) target.open = true;
  if (target.contains(document.activeElement)) return;
  const focusable = target instanceof HTMLDetailsElement ? target.querySelector('summary') : target;
  if (!focusable) return;
  focusable.focus({ preventScroll: true });
  target.scrollIntoView({ block: 'start' });
}

function openFromHash(): void {
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (id) openAt(id);
}

/** True when the page runs inside a Teams (or Microsoft 365) host rather than a plain browser tab. */
function hostedByTeams(): boolean {
  return window.parent !== window.self || window.opener !== null || 'nativeInterface' in window;
}

async function joinTeams(): Promise<void> {
  let timer: number | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = window.setTimeout(() => reject(new Error('no Teams host')), HOST_TIMEOUT_MS);
  });
  try {
    await Promise.race([app.initialize(), timeout]);
    const context = await Promise.race([app.getContext(), timeout]);
    setTheme(context.app.theme);
    app.registerOnThemeChangeHandler(setTheme);
    const place = context.page.subPageId ? anchorFor(context.page.subPageId) : undefined;
    if (place) openAt(place);
  } finally {
    window.clearTimeout(timer);
  }
}

// ---- search ----------------------------------------------------------------------------------

interface Result {
  title: string;
  where: string;
  summary: string;
  anchor: string;
}

function isResult(value: unknown): value is Result {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return ['title', 'where', 'summary', 'anchor'].every((k) => typeof r[k] === 'string');
}

interface SearchAnswer {
  sure: boolean;
  results: Result[];
  /** Instead of results: the handreiking does not go into this, or how old it is. */
  note?: string;
  /** The best answers are close: ask which one is meant. */
  clarify?: boolean;
}

function parseResponse(value: unknown): SearchAnswer | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const body = value as Record<string, unknown>;
  if (typeof body.sure !== 'boolean' || !Array.isArray(body.results) || !body.results.every(isResult)) return undefined;
  return {
    sure: body.sure,
    results: body.results,
    ...(typeof body.note === 'string' ? { note: body.note } : {}),
    clarify: body.clarify === true,
  };
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

function showResults(region: HTMLElement, question: string, answer: SearchAnswer): void {
  region.replaceChildren();
  if (answer.note) {
    region.append(element('p', answer.note, 'status'));
    return;
  }
  if (answer.results.length === 0) {
    const tip = 'Probeer andere woorden, bijvoorbeeld "stageplek delen" of "urennorm".';
    region.append(element('p', `Ik vond niets voor "${question}" in de handreiking. ${tip}`));
    return;
  }
  const status = answer.sure
    ? `Dit vond ik voor "${question}":`
    : answer.clarify
      ? `Bedoel je een van deze? (gezocht op "${question}")`
      : `Dit weet ik niet zeker. Misschien bedoel je een van deze (gezocht op "${question}"):`;
  region.append(element('p', status, 'status'));
  const list = element('ol');
  for (const r of answer.results) {
    const item = element('li');
    const link = element('a', r.title);
    link.href = `#${r.anchor}`;
    item.append(link, element('span', ` · ${r.where}`, 'where'), element('p', r.summary));
    list.append(item);
  }
  region.append(list);
}

function setUpSearch(): void {
  const form = document.getElementById('zoek');
  const input = document.getElementById('vraag');
  const region = document.getElementById('resultaten');
  if (!(form instanceof HTMLFormElement) || !(input instanceof HTMLInputElement) || !region) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) {
      region.replaceChildren(element('p', 'Typ eerst een vraag of een paar woorden.'));
      input.focus();
      return;
    }
    region.setAttribute('aria-busy', 'true');
    fetch(`${TAB_PATH}api/zoek?vraag=${encodeURIComponent(question)}`, { headers: { accept: 'application/json' } })
      .then(async (response) => {
        const answer = response.ok ? parseResponse(await response.json()) : undefined;
        if (!answer) throw new Error(`search answered ${response.status}`);
        showResults(region, question, answer);
      })
      .catch(() => {
        region.replaceChildren(
          element('p', 'Zoeken lukt nu niet. Probeer het zo opnieuw, of blader hieronder door de stappen.'),
        );
      })
      .finally(() => region.removeAttribute('aria-busy'));
  });
}

// ---- start -----------------------------------------------------------------------------------

setUpSearch();
window.addEventListener('hashchange', openFromHash);
openFromHash();
if (hostedByTeams()) {
  joinTeams().catch(() => {
    // Not in Teams after all (or the host did not answer): the page works as a plain web page.
  });
}
