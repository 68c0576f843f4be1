import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_APP_ID, loadPackagingConfig } from '../src/config';
import { checkIcon, drawColorIcon, drawOutlineIcon } from '../src/cli/icons';
import { buildPackage, PackageError, placeholderValues, validateManifest, type ManifestJson } from '../src/cli/manifest';
import { PROJECT_ROOT } from '../src/paths';

const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');
const TEMPLATE = path.join(MANIFEST_DIR, 'manifest.template.json');
const APP_ID = '11111111-2222-4333-8444-555555555555';
const BOT_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

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
      values: values({ TEAMS_APP_ID: APP_ID, BOT_ID, BOT_DOMAIN: 'bot.school.example', INFO_BASE_URL: 'https://docs.school.example/bpv/' }),
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
    const bots = manifest.bots as Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>;
    expect(bots[0]?.botId).toBe(BOT_ID);
    expect(bots[0]?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const personal = bots[0]?.commandLists.find((l) => l.scopes.includes('personal'))?.commands.map((c) => c.title);
    expect(personal).toEqual(expect.arrayContaining(['start', 'advies', 'documenten', 'contact', 'help', 'wijzig sector']));
    const group = bots[0]?.commandLists.find((l) => l.scopes.includes('team') && l.scopes.includes('groupChat'));
    expect(group?.commands.map((c) => c.title)).toContain('help');
    const ext = (manifest.composeExtensions as Array<{ botId: string; commands: Array<{ id: string; parameters: Array<{ name: string }> }> }>)[0];
    expect(ext?.botId).toBe(BOT_ID);
    expect(ext?.commands[0]?.id).toBe('zoekHandreiking');
    expect(ext?.commands[0]?.parameters[0]?.name).toBe('vraag');
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
    expect(checkIcon('color', 'color.png', read('outline.png'))).toEqual([expect.stringMatching(/32x32 pixels, moet 192x192/)]);

    const opaque = new PNG({ width: 32, height: 32 });
    opaque.data.fill(255);
    expect(checkIcon('outline', 'outline.png', PNG.sync.write(opaque)).join('\n')).toMatch(/geen doorzichtige achtergrond/);

    const coloured = PNG.sync.read(read('outline.png'));
    for (let i = 0; i < coloured.data.length; i += 4) if ((coloured.data[i + 3] ?? 0) > 0) coloured.data[i + 1] = 0;
    expect(checkIcon('outline', 'outline.png', PNG.sync.write(coloured)).join('\n')).toMatch(/niet wit/);

    expect(checkIcon('outline', 'outline.png', Buffer.from('geen png'))).toEqual([expect.stringMatching(/geen geldige PNG/)]);
  });

  it('the committed icons are exactly what the icon script draws', () => {
    expect(PNG.sync.read(drawColorIcon()).data.equals(PNG.sync.read(read('color.png')).data)).toBe(true);
    expect(PNG.sync.read(drawOutlineIcon()).data.equals(PNG.sync.read(read('outline.png')).data)).toBe(true);
  });
});
