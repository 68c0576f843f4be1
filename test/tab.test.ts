import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotApp, createBotApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/host/logger';
import { loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR } from '../src/common/paths';
import { anchorFor, handreikingDeepLink, TAB_ENTITY_ID } from '../src/tab/deepLink';
import { handreikingPage } from '../src/tab/handreikingPage';
import { FRAME_ANCESTORS } from '../src/tab/routes';

/**
 * The handreiking tab over HTTP: the page and its security headers, the read-only search endpoint
 * (answers, bad input, nothing logged of the question), and the deep link the channel cards use.
 * What a person sees and does in the page is tested in Chromium (test/browser/tab.browser.ts).
 */

const knowledge = loadKnowledge(KNOWLEDGE_DIR);
const APP_ID = '11111111-2222-4333-8444-555555555555';
let app: BotApp;
let url: string;
const logLines: string[] = [];

beforeAll(async () => {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    STORAGE: 'memory',
    LOG_LEVEL: 'trace',
    TEAMS_APP_ID: APP_ID,
  });
  app = await createBotApp(config, createLogger('trace', { write: (line: string) => void logLines.push(line) }));
  url = `http://127.0.0.1:${await app.start()}`;
});

afterAll(async () => {
  await app.stop();
});

const search = (question: string | undefined) =>
  fetch(`${url}/handreiking/api/zoek${question === undefined ? '' : `?vraag=${encodeURIComponent(question)}`}`);

describe('the page', () => {
  it('is served with a policy that allows only its own script, style and fetches, framed only by Teams and Microsoft 365', async () => {
    const res = await fetch(`${url}/handreiking/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = Object.fromEntries(
      (res.headers.get('content-security-policy') ?? '').split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual([...FRAME_ANCESTORS]);
    expect(policy['frame-ancestors']).toEqual(
      expect.arrayContaining([
        'https://teams.microsoft.com',
        'https://*.teams.microsoft.com',
        'https://*.cloud.microsoft',
        'https://*.office.com',
      ]),
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('has no inline script, no event-handler attributes and no inline styles; its script and stylesheet are its own', async () => {
    const page = await (await fetch(`${url}/handreiking/`)).text();
    const scripts = [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(1);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/src="\/handreiking\/tab\.[0-9a-f]{12}\.js"/);
      expect(body).toBe('');
    }
    expect(page).not.toMatch(/\son[a-z]+=/i);
    expect(page).not.toMatch(/\sstyle=/i);
    for (const asset of page.matchAll(/(?:src|href)="(\/handreiking\/[^"]+)"/g)) {
      const res = await fetch(`${url}${asset[1]}`);
      expect(res.status, asset[1]).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
  });

  it('lists every option, document and contact route of the knowledge under its own anchor', async () => {
    const page = await (await fetch(`${url}/handreiking/`)).text();
    const keys = [
      ...knowledge.options.map((o) => o.key),
      ...[...knowledge.documents.keys()].map((d) => `doc:${d}`),
      ...[...knowledge.contactRoutes.keys()].map((r) => `contact:${r}`),
    ];
    for (const key of keys) expect(page, key).toContain(`id="${anchorFor(key)}"`);
    expect(page).toContain(knowledge.notice.short.replace(/"/g, '&quot;'));
  });

  it('escapes the knowledge: text that looks like HTML shows as text', () => {
    const [first, ...rest] = knowledge.options;
    if (!first) throw new Error('no options');
    const hostile = {
      ...first,
      title: '<img src=x onerror=alert(1)> & "quotes"',
      explanation: '</details><script>alert(2)</script>',
    };
    const page = handreikingPage(
      { ...knowledge, options: [hostile, ...rest] },
      { script: 's.js', style: 's.css', icon: 'i.png' },
    );
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('&lt;/details&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).not.toContain('<img src=x');
  });

  it('redirects /handreiking to /handreiking/ and answers an unknown file with a short 404', async () => {
    const redirect = await fetch(`${url}/handreiking`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/handreiking/');
    const missing = await fetch(`${url}/handreiking/geheim.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Niet gevonden.' });
  });
});

describe('the search endpoint', () => {
  it('answers a question with ranked results that point into the page, and says whether it is sure', async () => {
    const res = await search("mag een bbl'er zonder leerbaan naar school?");
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      sure: boolean;
      results: Array<{ key: string; anchor: string; title: string; where: string }>;
    };
    expect(body.sure).toBe(true);
    expect(body.results[0]).toMatchObject({ key: '3.3', anchor: 'optie-3-3', where: 'Stap 3, punt 3' });
    expect(body.results.length).toBeLessThanOrEqual(5);

    const doc = (await (await search('servicedocument versie 4.0')).json()) as typeof body;
    expect(doc.results[0]).toMatchObject({
      key: 'doc:servicedocument',
      anchor: 'document-servicedocument',
      where: 'Meer weten?',
    });

    const unsure = (await (await search('kantine openingstijden')).json()) as typeof body;
    expect(unsure.sure).toBe(false);
  });

  it('asks the same interpreter as the chat: a topic the handreiking does not cover and "is dit nog actueel?" get a note, no option', async () => {
    type Body = { sure: boolean; results: unknown[]; note?: string };
    const pay = (await (await search('wat is de stagevergoeding voor een bol-student?')).json()) as Body;
    expect(pay).toMatchObject({ sure: false, results: [] });
    expect(pay.note).toMatch(/gaat de handreiking niet/);
    const dated = (await (await search('is dit nog actueel?')).json()) as Body;
    expect(dated).toMatchObject({ sure: false, results: [] });
    expect(dated.note).toBe(knowledge.notice.full);
    const other = (await (await search('hoe reset ik mijn wachtwoord?')).json()) as Body;
    expect(other).toMatchObject({ sure: false, results: [] });
    expect(other.note).toMatch(/^Daar gaat de handreiking niet over\. Ik help bij /);
  });

  it('refuses a missing, empty or too long question with a short Dutch 400', async () => {
    for (const question of [undefined, '', '   ', 'x'.repeat(501)]) {
      const res = await search(question);
      expect(res.status, String(question).slice(0, 10)).toBe(400);
      expect(await res.json()).toEqual({ error: 'Stel een vraag van 1 tot 500 tekens.' });
    }
  });

  it('logs nothing of the question', async () => {
    logLines.length = 0;
    await search('zeldzaamwoordxyz bij de kapper');
    expect(logLines.join('\n')).not.toMatch(/zeldzaamwoordxyz|kapper/);
  });
});

describe('the deep link into the tab', () => {
  it('opens the static tab of the configured app at a sub-entity', () => {
    const link = new URL(handreikingDeepLink(APP_ID, '1.3'));
    expect(`${link.origin}${link.pathname}`).toBe(`https://teams.microsoft.com/l/entity/${APP_ID}/${TAB_ENTITY_ID}`);
    expect(JSON.parse(link.searchParams.get('context') ?? '')).toEqual({ subEntityId: '1.3' });
    expect(handreikingDeepLink(APP_ID, '')).toBe(`https://teams.microsoft.com/l/entity/${APP_ID}/${TAB_ENTITY_ID}`);
  });

  it('every key the answer engine returns has a place on the page; anything else has none', () => {
    const anchors = [
      ...knowledge.options.map((o) => anchorFor(o.key)),
      ...[...knowledge.documents.keys()].map((d) => anchorFor(`doc:${d}`)),
      ...[...knowledge.contactRoutes.keys()].map((r) => anchorFor(`contact:${r}`)),
      anchorFor('stap-2'),
    ];
    expect(anchors.every((a) => a !== undefined && /^[a-z0-9-]+$/.test(a))).toBe(true);
    expect(new Set(anchors).size).toBe(anchors.length);
    for (const bad of ['', '4.1', 'doc:', 'contact:<x>', '"><script>', 'stap-4'])
      expect(anchorFor(bad), bad).toBeUndefined();
  });
});
