import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import type { PackagingConfig } from '../config';
import { checkIcon } from './icons';
import { errorMessage } from '../common/errors';

/**
 * Builds the Teams app package: fills manifest/manifest.template.json, validates it offline against
 * the official schema bundled in @microsoft/app-manifest, checks the icons, and zips the three files.
 */

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`Het app-pakket is niet goed:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type ManifestJson = { [key: string]: JsonValue };

export function placeholderValues(config: PackagingConfig, appVersion: string): Record<string, string> {
  return {
    TEAMS_APP_ID: config.teamsAppId,
    BOT_ID: config.botId,
    BOT_DOMAIN: config.botDomain,
    INFO_BASE_URL: config.infoBaseUrl,
    DEVELOPER_NAME: config.developerName,
    APP_VERSION: appVersion,
  };
}

/** Replaces `{{NAME}}` in every string of the template; an unknown name is an error. */
export function fillTemplate(template: ManifestJson, values: Record<string, string>): ManifestJson {
  const unknown = new Set<string>();
  const fill = (node: JsonValue): JsonValue => {
    if (typeof node === 'string') {
      return node.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (match, name: string) => {
        const value = values[name];
        if (value === undefined) unknown.add(name);
        return value ?? match;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  const filled = fill(template) as ManifestJson;
  if (unknown.size > 0)
    throw new PackageError([...unknown].map((n) => `manifest.template.json: onbekende plaatshouder {{${n}}}`));
  return filled;
}

/** The path of the bundled schema for the manifest's `$schema` URL, so validation never goes online. */
export function bundledSchemaPath(schemaUrl: unknown): string {
  const match =
    typeof schemaUrl === 'string'
      ? /\/json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl)
      : null;
  if (!match) throw new PackageError([`$schema: "${String(schemaUrl)}" is geen Teams-manifestschema`]);
  const root = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(root, 'build', 'json-schemas', 'teams', match[1] ?? '', 'MicrosoftTeams.schema.json');
  try {
    readFileSync(file);
  } catch {
    throw new PackageError([
      `$schema: versie ${match[1]} zit niet in @microsoft/app-manifest; kies een gebundelde versie`,
    ]);
  }
  return file;
}

/** The fields the library's manifest type starts from; its schema check judges the rest. */
function hasManifestBasics(manifest: ManifestJson): manifest is ManifestJson & TeamsManifest {
  return ['manifestVersion', 'id', 'version'].every((field) => typeof manifest[field] === 'string');
}

/** Schema errors in plain form, e.g. "/bots/0/botId must match pattern ...". Empty = valid. */
export async function validateManifest(manifest: ManifestJson): Promise<string[]> {
  const schemaFile = bundledSchemaPath(manifest.$schema);
  // The schema files contain \a and \v escapes that JSON.parse rejects; the library cleans them the same way.
  const schema = JSON.parse(
    readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'),
  ) as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  if (!hasManifestBasics(manifest)) return ['manifest: manifestVersion, id of version ontbreekt'];
  const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
  const problems = errors.map((e) => `manifest${e.split('. Details:')[0]?.trim() ?? e}${detailOf(e)}`);
  if (
    manifest.manifestVersion !==
    (/\/v([0-9.]+)\//.exec(JSON.stringify(manifest.$schema))?.[1] ?? manifest.manifestVersion)
  ) {
    problems.push(`manifestVersion ${JSON.stringify(manifest.manifestVersion)} past niet bij $schema`);
  }
  return problems;
}

function detailOf(error: string): string {
  const details = error.split('. Details: ')[1];
  return details && details !== '{}' ? ` (${details})` : '';
}

export interface PackageInput {
  templateFile: string;
  /** Folder holding the icons the manifest names. */
  iconDir: string;
  values: Record<string, string>;
}

export interface BuiltPackage {
  manifest: ManifestJson;
  zip: Buffer;
}

/** Fills, validates and zips; throws PackageError naming every problem found. */
export async function buildPackage(input: PackageInput): Promise<BuiltPackage> {
  let template: ManifestJson;
  try {
    template = JSON.parse(readFileSync(input.templateFile, 'utf8')) as ManifestJson;
  } catch (err) {
    throw new PackageError([`${path.basename(input.templateFile)}: ${errorMessage(err)}`]);
  }
  const manifest = fillTemplate(template, input.values);
  const problems = await validateManifest(manifest);

  const icons =
    manifest.icons && typeof manifest.icons === 'object' && !Array.isArray(manifest.icons) ? manifest.icons : {};
  const files: Record<string, Buffer> = {};
  for (const kind of ['color', 'outline'] as const) {
    const name = icons[kind];
    if (typeof name !== 'string') continue; // the schema check already names it
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(input.iconDir, name));
    } catch {
      problems.push(
        `${name}: bestand ontbreekt in ${path.basename(input.iconDir)}/ (${kind === 'color' ? 'kleurenicoon' : 'outline-icoon'})`,
      );
      continue;
    }
    problems.push(...checkIcon(kind, name, bytes));
    files[name] = bytes;
  }
  if (problems.length > 0) throw new PackageError(problems);

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [name, bytes] of Object.entries(files)) zip.file(name, bytes);
  return { manifest, zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) };
}
