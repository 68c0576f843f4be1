import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load as parseYaml, YAMLException } from 'js-yaml';
import type { z } from 'zod';
import {
  type Condition,
  type ContactRouteId,
  ContactsFileSchema,
  type ContactRouteInfo,
  type DeploymentContacts,
  DeploymentContactsSchema,
  type Document,
  type DocumentId,
  DocumentsFileSchema,
  type Btg,
  type Option,
  OptionsFileSchema,
  type Places,
  PlacesFileSchema,
  type Sector,
  SectorsFileSchema,
  type Situation,
  SituationsFileSchema,
  type Notice,
  NoticeFileSchema,
  type Step,
  type Vocabulary,
  VocabularyFileSchema,
} from './schema';
import {
  type CommandsFile,
  CommandsFileSchema,
  type IntentsFile,
  IntentsFileSchema,
  QuestionsFileSchema,
  type TopicsFile,
  TopicsFileSchema,
} from './schema';

/** The handreiking as validated, cross-checked data. Pure: no botbuilder, no environment. */
export interface Knowledge {
  steps: readonly Step[];
  options: readonly Option[];
  optionsByKey: ReadonlyMap<string, Option>;
  situations: readonly Situation[];
  places: readonly Places[];
  btgs: ReadonlyMap<string, Btg>;
  sectors: readonly Sector[];
  documents: ReadonlyMap<DocumentId, Document>;
  contactRoutes: ReadonlyMap<ContactRouteId, ContactRouteInfo>;
  vocabulary: Vocabulary;
  /** The handreiking is from 2020: the notice that says so (knowledge/notice.yaml). */
  notice: Notice;
  deploymentContacts: DeploymentContacts;
  /** What typed messages mean: intents, commands, topics the handreiking does not cover, example questions. */
  understanding: Understanding;
}

/** Data for the interpreter (src/understanding). */
interface Understanding {
  intents: IntentsFile;
  commands: CommandsFile;
  topics: TopicsFile;
  /** Example questions by answer key ("1.3", "doc:faq", "contact:sbb"). */
  questions: ReadonlyMap<string, readonly string[]>;
  /** Phrases that always lead to an answer key or a topic ("topic:vog"). */
  triggers: ReadonlyMap<string, readonly string[]>;
}

export interface KnowledgeIssue {
  file: string;
  path: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly issues: KnowledgeIssue[]) {
    super(`Kennisbestanden kloppen niet:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

function formatIssue(issue: KnowledgeIssue): string {
  return `- ${issue.file}${issue.path ? ` @ ${issue.path}` : ''}: ${issue.message}`;
}

export const KNOWLEDGE_FILES = {
  options: 'options.yaml',
  situations: 'situations.yaml',
  places: 'places.yaml',
  sectors: 'sectors.yaml',
  documents: 'documents.yaml',
  contacts: 'contacts.yaml',
  vocabulary: 'vocabulary.yaml',
  notice: 'notice.yaml',
  intents: 'intents.yaml',
  commands: 'commands.yaml',
  topics: 'topics.yaml',
  questions: 'questions.yaml',
} as const;

function pathToString(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

function readValidated<S extends z.ZodType>(
  file: string,
  label: string,
  schema: S,
  issues: KnowledgeIssue[],
): z.output<S> | undefined {
  let raw: unknown;
  try {
    // YAML 1.2 core schema: no timestamps or custom tags, so a date stays the text it is in the file.
    raw = parseYaml(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA, filename: label });
  } catch (err) {
    if (err instanceof YAMLException) {
      const mark = err.mark;
      issues.push({
        file: label,
        path: mark ? `regel ${mark.line + 1}, kolom ${mark.column + 1}` : '',
        message: `geen geldige YAML (${err.reason})`,
      });
    } else {
      const code = (err as NodeJS.ErrnoException).code;
      issues.push({
        file: label,
        path: '',
        message: code === 'ENOENT' ? 'bestand ontbreekt' : `kan niet gelezen worden (${code ?? 'onbekend'})`,
      });
    }
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues)
      issues.push({ file: label, path: pathToString(issue.path), message: issue.message });
    return undefined;
  }
  return result.data;
}

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

/**
 * Reads and validates every knowledge file. Collects all problems before failing, so a content owner
 * sees them at once. `contactsFile` is the deployment file with real people (optional).
 */
export function loadKnowledge(dir: string, contactsFile?: string): Knowledge {
  const issues: KnowledgeIssue[] = [];
  const rel = (name: string) => path.join(path.basename(dir), name);
  const read = <S extends z.ZodType>(name: string, schema: S) =>
    readValidated(path.join(dir, name), rel(name), schema, issues);

  const optionsFile = read(KNOWLEDGE_FILES.options, OptionsFileSchema);
  const situationsFile = read(KNOWLEDGE_FILES.situations, SituationsFileSchema);
  const placesFile = read(KNOWLEDGE_FILES.places, PlacesFileSchema);
  const sectorsFile = read(KNOWLEDGE_FILES.sectors, SectorsFileSchema);
  const documentsFile = read(KNOWLEDGE_FILES.documents, DocumentsFileSchema);
  const contactsFileData = read(KNOWLEDGE_FILES.contacts, ContactsFileSchema);
  const vocabulary = read(KNOWLEDGE_FILES.vocabulary, VocabularyFileSchema);
  const noticeFile = read(KNOWLEDGE_FILES.notice, NoticeFileSchema);
  const intentsFile = read(KNOWLEDGE_FILES.intents, IntentsFileSchema);
  const commandsFile = read(KNOWLEDGE_FILES.commands, CommandsFileSchema);
  const topicsFile = read(KNOWLEDGE_FILES.topics, TopicsFileSchema);
  const questionsFile = read(KNOWLEDGE_FILES.questions, QuestionsFileSchema);
  const deployment = contactsFile
    ? readValidated(contactsFile, contactsFile, DeploymentContactsSchema, issues)
    : DeploymentContactsSchema.parse({});

  if (
    !optionsFile ||
    !situationsFile ||
    !placesFile ||
    !sectorsFile ||
    !documentsFile ||
    !contactsFileData ||
    !vocabulary ||
    !noticeFile ||
    !deployment
  ) {
    throw new KnowledgeError(issues);
  }
  if (!intentsFile || !commandsFile || !topicsFile || !questionsFile) throw new KnowledgeError(issues);

  const optionsLabel = rel(KNOWLEDGE_FILES.options);
  const situationIds = new Set(situationsFile.situations.map((s) => s.id));
  const placesIds = new Set(placesFile.places.map((p) => p.id));
  const sectorIds = new Set(sectorsFile.sectors.map((s) => s.id));
  const btgIds = new Set(sectorsFile.btgs.map((b) => b.id));

  const checkUnique = (label: string, listPath: string, ids: string[]) => {
    for (const dup of duplicates(ids))
      issues.push({ file: label, path: listPath, message: `"${dup}" staat er meer dan één keer in` });
  };
  checkUnique(
    optionsLabel,
    'options',
    optionsFile.options.map((o) => o.key),
  );
  checkUnique(
    rel(KNOWLEDGE_FILES.situations),
    'situations',
    situationsFile.situations.map((s) => s.id),
  );
  checkUnique(
    rel(KNOWLEDGE_FILES.places),
    'places',
    placesFile.places.map((p) => p.id),
  );
  checkUnique(
    rel(KNOWLEDGE_FILES.sectors),
    'sectors',
    sectorsFile.sectors.map((s) => s.id),
  );
  checkUnique(
    rel(KNOWLEDGE_FILES.sectors),
    'btgs',
    sectorsFile.btgs.map((b) => b.id),
  );
  checkUnique(
    rel(KNOWLEDGE_FILES.documents),
    'documents',
    documentsFile.documents.map((d) => d.id),
  );
  checkUnique(
    rel(KNOWLEDGE_FILES.contacts),
    'routes',
    contactsFileData.routes.map((r) => r.id),
  );

  const checkCondition = (condition: Condition, at: string) => {
    const refs: Array<[keyof Condition, Set<string>, string]> = [
      ['situations', situationIds, 'situatie'],
      ['places', placesIds, 'plekken-antwoord'],
      ['sectors', sectorIds, 'sector'],
    ];
    for (const [field, known, what] of refs) {
      (condition[field] ?? []).forEach((value, i) => {
        if (!known.has(value))
          issues.push({ file: optionsLabel, path: `${at}.${field}[${i}]`, message: `onbekende ${what} "${value}"` });
      });
    }
  };
  optionsFile.steps.forEach((step, i) => {
    if (step.number !== i + 1)
      issues.push({ file: optionsLabel, path: `steps[${i}].number`, message: `verwacht stap ${i + 1}` });
    step.skipWhen.forEach((c, j) => checkCondition(c, `steps[${i}].skipWhen[${j}]`));
  });
  optionsFile.options.forEach((option, i) => {
    option.fit.forEach((rule, j) => checkCondition(rule.when, `options[${i}].fit[${j}].when`));
    option.exclude.forEach((rule, j) => checkCondition(rule.when, `options[${i}].exclude[${j}].when`));
  });
  const optionKeys = new Set(optionsFile.options.map((o) => o.key));
  noticeFile.notice.lapsedLeeway.forEach((key, i) => {
    if (!optionKeys.has(key))
      issues.push({
        file: rel(KNOWLEDGE_FILES.notice),
        path: `notice.lapsedLeeway[${i}]`,
        message: `onbekende oplossing "${key}"`,
      });
  });
  sectorsFile.sectors.forEach((sector, i) => {
    if (!btgIds.has(sector.btg))
      issues.push({
        file: rel(KNOWLEDGE_FILES.sectors),
        path: `sectors[${i}].btg`,
        message: `onbekende btg "${sector.btg}"`,
      });
  });
  if (contactsFile) {
    for (const sectorId of Object.keys(deployment.sectors)) {
      if (!sectorIds.has(sectorId))
        issues.push({ file: contactsFile, path: `sectors.${sectorId}`, message: `onbekende sector "${sectorId}"` });
    }
  }
  const answerKeys = new Set([
    ...optionsFile.options.map((o) => o.key),
    ...documentsFile.documents.map((d) => `doc:${d.id}`),
    ...contactsFileData.routes.map((r) => `contact:${r.id}`),
  ]);
  const understanding = checkUnderstanding(
    { intentsFile, commandsFile, topicsFile, questionsFile },
    answerKeys,
    rel,
    issues,
  );
  if (issues.length > 0) throw new KnowledgeError(issues);

  const options = [...optionsFile.options].sort((a, b) => compareKeys(a.key, b.key));
  return {
    steps: optionsFile.steps,
    options,
    optionsByKey: new Map(options.map((o) => [o.key, o])),
    situations: situationsFile.situations,
    places: placesFile.places,
    btgs: new Map(sectorsFile.btgs.map((b) => [b.id, b])),
    sectors: sectorsFile.sectors,
    documents: new Map(documentsFile.documents.map((d) => [d.id, d])),
    contactRoutes: new Map(contactsFileData.routes.map((r) => [r.id, r])),
    vocabulary,
    notice: noticeFile.notice,
    deploymentContacts: deployment,
    understanding,
  };
}

/** "1.10" sorts after "1.9". */
function compareKeys(a: string, b: string): number {
  const [as = 0, ab = 0] = a.split('.').map(Number);
  const [bs = 0, bb = 0] = b.split('.').map(Number);
  return as - bs || ab - bb;
}

export function stepOf(option: Pick<Option, 'key'>): 1 | 2 | 3 {
  const section = Number(option.key.split('.')[0]);
  return section === 1 || section === 2 || section === 3 ? section : 1;
}

/** Cross-checks of the interpreter's files: known keys and routes, no phrase that means two things. */
function checkUnderstanding(
  files: {
    intentsFile: IntentsFile;
    commandsFile: CommandsFile;
    topicsFile: TopicsFile;
    questionsFile: z.output<typeof QuestionsFileSchema>;
  },
  answerKeys: ReadonlySet<string>,
  rel: (name: string) => string,
  issues: KnowledgeIssue[],
): Understanding {
  const { intentsFile, commandsFile, topicsFile, questionsFile } = files;
  const norm = (phrase: string) => phrase.toLowerCase().replace(/\s+/g, ' ').trim();

  const intentsLabel = rel(KNOWLEDGE_FILES.intents);
  const smallTalkIds = intentsFile.smallTalk.map((s) => s.id);
  for (const dup of duplicates(smallTalkIds))
    issues.push({ file: intentsLabel, path: 'smallTalk', message: `"${dup}" staat er meer dan één keer in` });
  for (const required of ['greeting', 'thanks']) {
    if (!smallTalkIds.includes(required))
      issues.push({
        file: intentsLabel,
        path: 'smallTalk',
        message: `"${required}" ontbreekt (de bot heeft die nodig)`,
      });
  }
  const owner = new Map<string, string>();
  intentsFile.smallTalk.forEach((intent, i) => {
    intent.phrases.forEach((phrase, j) => {
      const other = owner.get(norm(phrase));
      if (other && other !== intent.id)
        issues.push({
          file: intentsLabel,
          path: `smallTalk[${i}].phrases[${j}]`,
          message: `"${phrase}" staat ook bij "${other}"`,
        });
      owner.set(norm(phrase), intent.id);
    });
    intent.next.forEach((step, j) => {
      if (!intentsFile.nextSteps[step])
        issues.push({
          file: intentsLabel,
          path: `smallTalk[${i}].next[${j}]`,
          message: `geen knoptekst voor "${step}" onder nextSteps`,
        });
    });
  });

  const commandsLabel = rel(KNOWLEDGE_FILES.commands);
  const commandOwner = new Map<string, string>();
  commandsFile.commands.forEach((command, i) => {
    command.phrases.forEach((phrase, j) => {
      const key = `${command.during ?? ''}|${norm(phrase)}`;
      const other = commandOwner.get(key);
      if (other && other !== command.id)
        issues.push({
          file: commandsLabel,
          path: `commands[${i}].phrases[${j}]`,
          message: `"${phrase}" staat ook bij "${other}"`,
        });
      commandOwner.set(key, command.id);
      if (phrase.includes('{veld}') && Object.keys(commandsFile.fields).length === 0)
        issues.push({ file: commandsLabel, path: 'fields', message: 'nodig voor {veld}' });
    });
  });

  const topicsLabel = rel(KNOWLEDGE_FILES.topics);
  const routeIds = new Set(topicsFile.routes.map((r) => r.id));
  for (const dup of duplicates(topicsFile.routes.map((r) => r.id)))
    issues.push({ file: topicsLabel, path: 'routes', message: `"${dup}" staat er meer dan één keer in` });
  for (const dup of duplicates(topicsFile.topics.map((t) => t.id)))
    issues.push({ file: topicsLabel, path: 'topics', message: `"${dup}" staat er meer dan één keer in` });
  const checkRoutes = (routes: readonly string[], at: string) =>
    routes.forEach((route, i) => {
      if (!routeIds.has(route))
        issues.push({ file: topicsLabel, path: `${at}[${i}]`, message: `onbekende route "${route}"` });
    });
  checkRoutes(topicsFile.general.routes, 'general.routes');
  topicsFile.topics.forEach((topic, i) => checkRoutes(topic.routes, `topics[${i}].routes`));

  const questionsLabel = rel(KNOWLEDGE_FILES.questions);
  for (const key of Object.keys(questionsFile.questions)) {
    if (!answerKeys.has(key))
      issues.push({
        file: questionsLabel,
        path: `questions.${key}`,
        message: `onbekend antwoord "${key}" (een optie zoals "1.3", "doc:faq" of "contact:sbb")`,
      });
  }
  const topicKeys = new Set(topicsFile.topics.map((t) => `topic:${t.id}`));
  for (const key of Object.keys(questionsFile.triggers)) {
    if (!answerKeys.has(key) && !topicKeys.has(key))
      issues.push({
        file: questionsLabel,
        path: `triggers.${key}`,
        message: `onbekend antwoord of onderwerp "${key}"`,
      });
  }
  return {
    intents: intentsFile,
    commands: commandsFile,
    topics: topicsFile,
    questions: new Map(Object.entries(questionsFile.questions)),
    triggers: new Map(Object.entries(questionsFile.triggers)),
  };
}
