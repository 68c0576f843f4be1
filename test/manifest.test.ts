import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_APP_ID, loadPackagingConfig } from '../src/config';
import { checkIcon, drawColorIcon, drawOutlineIcon } from '../src/cli/icons';
import {
  buildPackage,
  PackageError,
  placeholderValues,
  validateManifest,
  type ManifestJson,
} from '../src/cli/manifest';
import { PROJECT_ROOT } from '../src/common/paths';
import { handreikingDeepLink, TAB_ENTITY_ID, TAB_PATH } from '../src/tab/deepLink';
import { type BotClient, cardActions, cardOf, cardText } from './support/botClient';
import { useBotServer } from './support/useBotServer';

const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');
const TEMPLATE = path.join(MANIFEST_DIR, 'manifest.template.json');
const APP_ID = '11111111-2222-4333-8444-555555555555';
const BOT_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

interface Command {
  title: string;
  description?: string;
  type?: 'basic' | 'prompt';
  prompt?: string;
}
interface Bot {
  botId: string;
  scopes: string[];
  commandLists: Array<{ scopes: string[]; commands: Command[] }>;
}

/** The manifest's bots, typed for reading (a JSON round trip: the manifest is plain JSON). */
const botsOf = (manifest: ManifestJson): Bot[] => JSON.parse(JSON.stringify(manifest.bots ?? [])) as Bot[];

function values(env: Record<string, string> = {}) {
  return placeholderValues(loadPackagingConfig(env), '1.2.3');
}

/** A copy of manifest/ in a temp folder, with `edit` applied to the template, for broken-package cases. */
function brokenCopy(edit: (template: ManifestJson) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpv-manifest-'));
  for (const f of ['color.png', 'outline.png']) copyFileSync(path.join(MANIFEST_DIR, f), path.join(dir, f));
  const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as ManifestJson;
  edit(template);
  writeFileSync(path.join(dir, 'manifest.template.json'), JSON.stringify(template));
  return dir;
}

async function problemsOf(dir: string, env: Record<string, string> = {}): Promise<string[]> {
  try {
    await buildPackage({ templateFile: path.join(dir, 'manifest.template.json'), iconDir: dir, values: values(env) });
  } catch (err) {
    if (err instanceof PackageError) return err.problems;
    throw err;
  }
  return [];
}

describe('Teams app package', () => {
  it('builds a zip whose manifest passes the official schema, with the settings filled in', async () => {
    const built = await buildPackage({
      templateFile: TEMPLATE,
      iconDir: MANIFEST_DIR,
      values: values({
        TEAMS_APP_ID: APP_ID,
        BOT_ID,
        BOT_DOMAIN: 'bot.school.example',
        INFO_BASE_URL: 'https://docs.school.example/bpv/',
      }),
    });
    const zip = await JSZip.loadAsync(built.zip);
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as ManifestJson;
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.validDomains).toEqual(['bot.school.example']);
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('{{');
    expect(text).toContain('"privacyUrl":"https://docs.school.example/bpv/docs/privacy.md"');
    const bots = botsOf(manifest);
    expect(bots[0]?.botId).toBe(BOT_ID);
    expect(bots[0]?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const ext = (
      manifest.composeExtensions as Array<{
        botId: string;
        commands: Array<{ id: string; parameters: Array<{ name: string }> }>;
      }>
    )[0];
    expect(ext?.botId).toBe(BOT_ID);
    expect(ext?.commands[0]?.id).toBe('zoekHandreiking');
    expect(ext?.commands[0]?.parameters[0]?.name).toBe('vraag');
  });

  it("has the handreiking as a personal static tab on the bot's own domain, beside the chat", async () => {
    const built = await buildPackage({
      templateFile: TEMPLATE,
      iconDir: MANIFEST_DIR,
      values: values({ BOT_DOMAIN: 'bot.school.example' }),
    });
    const tabs = built.manifest.staticTabs as Array<{
      entityId: string;
      name?: string;
      contentUrl?: string;
      websiteUrl?: string;
      scopes: string[];
    }>;
    expect(tabs.map((t) => t.entityId)).toEqual(['conversations', TAB_ENTITY_ID]);
    expect(tabs[1]).toMatchObject({
      name: 'Handreiking',
      contentUrl: `https://bot.school.example${TAB_PATH}`,
      websiteUrl: `https://bot.school.example${TAB_PATH}`,
      scopes: ['personal'],
    });
    expect(built.manifest.validDomains).toEqual(['bot.school.example']);
  });

  it("offers Dutch prompt starters in the schema's prompt form: five in personal chat, a question and help in teams and group chats", async () => {
    const built = await buildPackage({ templateFile: TEMPLATE, iconDir: MANIFEST_DIR, values: values() });
    expect(await validateManifest(built.manifest)).toEqual([]);
    const lists = botsOf(built.manifest)[0]?.commandLists ?? [];
    // One list per scope, as Teams asks.
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    const prompts = (scope: string) =>
      lists.find((l) => l.scopes.includes(scope))?.commands.filter((c) => c.type === 'prompt') ?? [];
    expect(prompts('personal').map((c) => c.prompt)).toEqual([
      'Start de intake',
      "Mag een bbl'er zonder leerbaan naar school?",
      'Toon documenten',
      'Vragen stellen of sparren',
      'Toon mijn plan',
    ]);
    for (const scope of ['team', 'groupChat'])
      expect(prompts(scope).map((c) => c.prompt)).toEqual(["Mag een bbl'er zonder leerbaan naar school?", 'help']);
    for (const command of lists.flatMap((l) => l.commands)) {
      expect(command.description, command.title).toBeTruthy();
      if (command.type === 'prompt') expect(command.prompt, command.title).toBeTruthy();
    }
  });

  it('uses the newest Teams schema that @microsoft/app-manifest bundles', () => {
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as ManifestJson;
    const root = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
    const versions = readdirSync(path.join(root, 'build', 'json-schemas', 'teams'))
      .filter((v) => /^v\d+\.\d+$/.test(v))
      .map((v) => v.slice(1))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(template.manifestVersion).toBe(versions.at(-1));
  });

  it('works without settings, using the example ids, and says which settings fell back', () => {
    const config = loadPackagingConfig({});
    expect(config.teamsAppId).toBe(EXAMPLE_APP_ID);
    expect(config.botId).toBe(EXAMPLE_APP_ID);
    expect(config.defaultsUsed).toEqual(['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'INFO_BASE_URL']);
    expect(loadPackagingConfig({ MicrosoftAppId: BOT_ID }).botId).toBe(BOT_ID);
  });

  it('rejects a setting that is not a GUID, naming it', () => {
    expect(() => loadPackagingConfig({ TEAMS_APP_ID: 'mijn-app' })).toThrow(/TEAMS_APP_ID: moet een GUID zijn/);
    expect(() => loadPackagingConfig({ BOT_DOMAIN: 'https://bot.example/api' })).toThrow(/BOT_DOMAIN/);
  });

  it('names what is wrong in a broken manifest', async () => {
    const dir = brokenCopy((t) => {
      (t.name as { short: string }).short = 'Een veel te lange naam voor de bpv-wegwijzer in Teams';
      delete t.accentColor;
      t.version = '{{VERSIE}}';
    });
    expect((await problemsOf(dir)).join('\n')).toMatch(/onbekende plaatshouder \{\{VERSIE\}\}/);

    const dir2 = brokenCopy((t) => {
      (t.name as { short: string }).short = 'Een veel te lange naam voor de bpv-wegwijzer in Teams';
      delete t.accentColor;
    });
    const problems2 = (await problemsOf(dir2)).join('\n');
    expect(problems2).toMatch(/manifest\/name\/short must NOT have more than 30 characters/);
    expect(problems2).toMatch(/accentColor/);
  });

  it('refuses a schema version the library does not bundle (validation stays offline)', async () => {
    const dir = brokenCopy((t) => {
      t.$schema = 'https://developer.microsoft.com/en-us/json-schemas/teams/v9.99/MicrosoftTeams.schema.json';
    });
    expect((await problemsOf(dir)).join('\n')).toMatch(/versie v9\.99 zit niet in @microsoft\/app-manifest/);
  });

  it('names a missing icon file', async () => {
    const dir = brokenCopy((t) => {
      (t.icons as { outline: string }).outline = 'ontbreekt.png';
    });
    expect((await problemsOf(dir)).join('\n')).toMatch(/ontbreekt\.png: bestand ontbreekt/);
  });
});

describe('icons', () => {
  const read = (f: string) => readFileSync(path.join(MANIFEST_DIR, f));

  it('the committed icons have the right sizes and the outline is white on transparent', () => {
    expect(PNG.sync.read(read('color.png'))).toMatchObject({ width: 192, height: 192 });
    expect(PNG.sync.read(read('outline.png'))).toMatchObject({ width: 32, height: 32 });
    expect(checkIcon('color', 'color.png', read('color.png'))).toEqual([]);
    expect(checkIcon('outline', 'outline.png', read('outline.png'))).toEqual([]);
  });

  it('rejects a colour icon of the wrong size and an outline icon that is not white on transparent', () => {
    expect(checkIcon('color', 'color.png', read('outline.png'))).toEqual([
      expect.stringMatching(/32x32 pixels, moet 192x192/),
    ]);

    const opaque = new PNG({ width: 32, height: 32 });
    opaque.data.fill(255);
    expect(checkIcon('outline', 'outline.png', PNG.sync.write(opaque)).join('\n')).toMatch(
      /geen doorzichtige achtergrond/,
    );

    const coloured = PNG.sync.read(read('outline.png'));
    for (let i = 0; i < coloured.data.length; i += 4) if ((coloured.data[i + 3] ?? 0) > 0) coloured.data[i + 1] = 0;
    expect(checkIcon('outline', 'outline.png', PNG.sync.write(coloured)).join('\n')).toMatch(/niet wit/);

    expect(checkIcon('outline', 'outline.png', Buffer.from('geen png'))).toEqual([
      expect.stringMatching(/geen geldige PNG/),
    ]);
  });

  it('the committed icons are exactly what the icon script draws', () => {
    expect(PNG.sync.read(drawColorIcon()).data.equals(PNG.sync.read(read('color.png')).data)).toBe(true);
    expect(PNG.sync.read(drawOutlineIcon()).data.equals(PNG.sync.read(read('outline.png')).data)).toBe(true);
  });
});

describe('every prompt starter and command in the manifest, sent to the bot as Teams sends it', () => {
  const server = useBotServer({ TEAMS_APP_ID: APP_ID });
  const template = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as { bots: Bot[] };
  const lists = template.bots[0]?.commandLists ?? [];
  const BOT = { id: 'bot-id', name: 'Bpv-wegwijzer' };

  /** The reply a person sees: the text of the bot's first message or card. */
  async function reply(
    client: BotClient,
    text: string,
    scope: string,
  ): Promise<{ text: string; card: Record<string, unknown> | undefined }> {
    const from = server.connector.calls.length;
    const mention = { type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` };
    // In a team or group chat a prompt starter follows an @mention of the bot.
    const activity =
      scope === 'personal'
        ? client.activity({ type: 'message', text })
        : client.activity({ type: 'message', text: `<at>${BOT.name}</at> ${text}`, entities: [mention] });
    const res = await client.post(activity);
    expect(res.status, text).toBe(200);
    await server.connector.waitFor(() => server.connector.sent(from).length > 0);
    const first = server.connector.sent(from)[0];
    const card = cardOf(first);
    return { text: card ? cardText(card) : String(first?.text ?? ''), card };
  }

  const client = (scope: string) =>
    server.client(
      scope === 'personal'
        ? {}
        : {
            conversationType: scope === 'team' ? 'channel' : 'groupChat',
            conversationId: `19:${scope}-${Math.random()}@thread.v2`,
          },
    );

  /** What a fitting reply to each prompt looks like, per scope. A new prompt needs a line here. */
  const FITTING: Record<
    string,
    (r: { text: string; card: Record<string, unknown> | undefined }, scope: string) => void
  > = {
    'Start de intake': (r) => expect(r.text).toContain('In welke sector zoek je stages of leerbanen?'),
    "Mag een bbl'er zonder leerbaan naar school?": (r, scope) => {
      expect(r.text).toContain('Starten in de bol, later overstappen naar de bbl');
      expect(r.text).toContain('paragraaf 3, punt 3');
      if (scope !== 'personal') {
        const tab = cardActions(r.card).find((a) => a.title === 'Bekijk in de Handreiking');
        expect(tab?.url).toBe(handreikingDeepLink(APP_ID, '3.3'));
        expect(r.text).toContain('Meer in een persoonlijk gesprek');
      }
    },
    'Toon documenten': (r) => {
      for (const title of [
        'Servicedocument Covid-19 mbo',
        'Corona-faq van de MBO Raad',
        'Actieplan stages en leerbanen',
      ])
        expect(r.text).toContain(title);
    },
    'Vragen stellen of sparren': (r) => {
      for (const title of ['Beleidsadviseur van de bedrijfstakgroep', 'SBB-adviseur praktijkleren'])
        expect(r.text).toContain(title);
    },
    // A newcomer has no plan yet: the reply says how to start one.
    'Toon mijn plan': (r) => expect(r.text).toMatch(/^Je hebt nog geen plan\. .*"Zet in mijn plan"/),
    help: (r, scope) => expect(r.text).toContain(scope === 'personal' ? 'Dit kun je typen' : 'Wat ik hier kan'),
  };

  const prompts = lists.flatMap((l) =>
    l.commands
      .filter((c) => c.type === 'prompt')
      .flatMap((c) => l.scopes.map((scope) => [scope, c.title, c.prompt ?? ''] as const)),
  );
  it.each(prompts)('%s: "%s" gets a fitting reply', async (scope, _title, prompt) => {
    const fitting = FITTING[prompt];
    expect(fitting, `no expected reply for the prompt "${prompt}" in this test`).toBeDefined();
    fitting?.(await reply(client(scope), prompt, scope), scope);
  });

  const basics = lists.flatMap((l) =>
    l.commands.filter((c) => c.type !== 'prompt').flatMap((c) => l.scopes.map((scope) => [scope, c.title] as const)),
  );
  it.each(basics)('%s: the command "%s" is understood', async (scope, title) => {
    const { text } = await reply(client(scope), title, scope);
    expect(text).not.toMatch(/begrijp ik nog niet|ik vond geen|dit weet ik niet zeker/i);
    expect(text.length).toBeGreaterThan(0);
  });
});
