import { z } from 'zod';

/**
 * The shape of every file in `knowledge/`. Content owners edit YAML; these schemas are the contract.
 * Cross-file references (a sector that names an unknown btg, an option that names an unknown
 * document, ...) are checked in `load.ts` after each file has passed its own schema.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'gebruik kleine letters, cijfers en streepjes (bijvoorbeeld "te-weinig")');
const text = z.string().trim().min(1, 'mag niet leeg zijn');
const url = z.url({ protocol: /^https$/, error: 'moet een https-adres zijn' });
/** A day kept as the text in the file (YYYY-MM-DD); the loader reads YAML without timestamps. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'schrijf de datum als JJJJ-MM-DD, bijvoorbeeld "2026-12-06"')
  .refine((d) => {
    const time = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(d);
  }, 'die datum bestaat niet');

const LEERWEGEN = ['bol', 'bbl'] as const;
const NIVEAUS = ['entree', '2', '3', '4'] as const;
const PARTIES = [
  'school',
  'student',
  'leerbedrijf',
  'sbb',
  'gemeente',
  'andere-scholen',
  'regionale-partners',
  'mbo-raad',
] as const;
export const CONTACT_ROUTES = ['mboraad', 'sbb', 'btg-overleg'] as const;
const DOCUMENT_IDS = ['servicedocument', 'diplomabesluit', 'faq', 'actieplan', 'kennispunt'] as const;

export const LeerwegSchema = z.enum(LEERWEGEN);
export const NiveauSchema = z.enum(NIVEAUS);
const PartySchema = z.enum(PARTIES);
const ContactRouteSchema = z.enum(CONTACT_ROUTES);
const DocumentIdSchema = z.enum(DOCUMENT_IDS);

/** A condition on the intake. Every field that is present must match (any of its values). */
const ConditionSchema = z
  .strictObject({
    situations: z.array(id).min(1).optional(),
    places: z.array(id).min(1).optional(),
    leerweg: z.array(LeerwegSchema).min(1).optional(),
    niveau: z.array(NiveauSchema).min(1).optional(),
    sectors: z.array(id).min(1).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'een voorwaarde heeft minstens één veld');

const FitRuleSchema = z.strictObject({
  when: ConditionSchema,
  /** 1 = helps a little, 2 = fits well, 3 or more = one of the first things to do in this situation. */
  weight: z.number().int().min(1).max(5),
  /** One line, addressed to the coordinator, why this option fits when the condition holds. */
  reason: text,
});

/** When the condition holds, the option is left out of the advice; the reason says why, to the coordinator. */
const ExcludeRuleSchema = z.strictObject({
  when: ConditionSchema,
  reason: text,
});

const OptionSchema = z.strictObject({
  /** Section and bullet in the handreiking, as in shared/eval: "1.3" is section 1, third bullet. */
  key: z.string().regex(/^[123]\.([1-9]|1[0-9])$/, 'sleutel is sectie.opsommingsteken, bijvoorbeeld "1.3"'),
  /** The bullet as it stands in the handreiking (verbatim), so every advice can be traced. */
  quote: text,
  title: text,
  summary: text,
  explanation: text,
  actions: z.array(text).min(1),
  involve: z.array(PartySchema).min(1),
  cautions: z.array(text),
  /** Reason shown when no fit rule matched but the option is still listed. */
  defaultReason: text,
  fit: z.array(FitRuleSchema),
  /**
   * When any of these holds, the option does not fit the situation and is left out (still reachable, with this reason).
   */
  exclude: z.array(ExcludeRuleSchema).default([]),
  documents: z.array(DocumentIdSchema),
  contact: ContactRouteSchema,
  /** Extra words coordinators use for this option (for the answer engine). */
  keywords: z.array(text).default([]),
});

const StepSchema = z.strictObject({
  number: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  title: text,
  intro: text,
  /** When any of these holds, the advice starts after this step (its remaining options stay reachable). */
  skipWhen: z.array(ConditionSchema).default([]),
});

export const OptionsFileSchema = z.strictObject({
  steps: z.array(StepSchema).length(3),
  options: z.array(OptionSchema).min(1),
});

const labelled = {
  id,
  label: text,
  /** Words and phrases coordinators type for this answer; matched case- and accent-insensitively. */
  synonyms: z.array(text).default([]),
};

const SituationSchema = z.strictObject({ ...labelled, description: text });
const PlacesSchema = z.strictObject({ ...labelled, description: text });
const BtgSchema = z.strictObject({
  id,
  name: text,
  /** false where the name is not confirmed by a public MBO Raad source (see shared/domain-facts.md). */
  confirmed: z.boolean(),
});
const SectorSchema = z.strictObject({ ...labelled, btg: id });

export const SituationsFileSchema = z.strictObject({ situations: z.array(SituationSchema).min(1) });
export const PlacesFileSchema = z.strictObject({ places: z.array(PlacesSchema).min(1) });
export const SectorsFileSchema = z.strictObject({
  btgs: z.array(BtgSchema).min(1),
  sectors: z.array(SectorSchema).min(1),
});

const DocumentSchema = z.strictObject({
  id: DocumentIdSchema,
  title: text,
  publisher: text,
  /** What a coordinator finds in it, in one or two sentences. */
  purpose: text,
  url,
  /** The link text: where the link leads ("Naar de servicedocumenten op mboraad.nl"). */
  urlLabel: text,
  /** The last day someone knows the link led to the right page. */
  checkedOn: day,
  /** Version the advice refers to (the servicedocument); a content owner updates it here. */
  version: text.optional(),
  versionNote: text.optional(),
  keywords: z.array(text).default([]),
});
export const DocumentsFileSchema = z.strictObject({ documents: z.array(DocumentSchema).length(DOCUMENT_IDS.length) });

const ContactRouteInfoSchema = z.strictObject({
  id: ContactRouteSchema,
  /** At the start of a line ("SBB-adviseur praktijkleren"). */
  title: text,
  /** The same route in the middle of a sentence, capitals as they must appear ("de SBB-adviseur praktijkleren"). */
  inSentence: text,
  organisation: text,
  /** When to use this route: what one asks about, as phrases after "vragen over" ("de urennorm voor bpv en bot"). */
  topics: z.array(text).min(1),
  description: text,
  defaultUrl: url,
  defaultUrlLabel: text,
  /** The last day someone knows `defaultUrl` led to the right page. */
  checkedOn: day,
  keywords: z.array(text).default([]),
});
export const ContactsFileSchema = z.strictObject({
  routes: z.array(ContactRouteInfoSchema).length(CONTACT_ROUTES.length),
});

/** Search vocabulary: groups of words that mean the same to a coordinator, and abbreviations. */
export const VocabularyFileSchema = z.strictObject({
  synonyms: z.array(z.array(text).min(2)).default([]),
  abbreviations: z.record(z.string(), text).default({}),
  stopwords: z.array(text).default([]),
  /** Phrases that ask for a kind of answer: a document ("waar vind ik") or a person ("wie", "bellen"). */
  kindCues: z
    .strictObject({ document: z.array(text).default([]), contact: z.array(text).default([]) })
    .default({ document: [], contact: [] }),
});

/** How old the guidance is: one editable notice, short for entry cards and full where advice leans on lapsed leeway. */
const NoticeSchema = z.strictObject({
  published: text,
  short: text,
  full: text,
  /**
   * Option keys whose advice leans on corona-era room in the rules (urennorm, early completion, school, simulation).
   */
  lapsedLeeway: z
    .array(z.string().regex(/^[123]\.([1-9]|1[0-9])$/, 'sleutel is sectie.opsommingsteken, bijvoorbeeld "3.2"'))
    .default([]),
});
export const NoticeFileSchema = z.strictObject({ notice: NoticeSchema });

/** The deployment file (CONTACTS_FILE): real people per sector, filled in by a school. */
const PersonSchema = z.strictObject({
  name: text.optional(),
  email: z.email().optional(),
  /** Teams sign-in address (UPN) for a deep link to a chat. */
  teams: z.email().optional(),
  url: url.optional(),
});
export const DeploymentContactsSchema = z.strictObject({
  default: z.partialRecord(ContactRouteSchema, PersonSchema).default({}),
  sectors: z.record(id, z.partialRecord(ContactRouteSchema, PersonSchema)).default({}),
});

export type Leerweg = z.infer<typeof LeerwegSchema>;
export type Niveau = z.infer<typeof NiveauSchema>;
export type Party = z.infer<typeof PartySchema>;
export type ContactRouteId = z.infer<typeof ContactRouteSchema>;
export type DocumentId = z.infer<typeof DocumentIdSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type Option = z.infer<typeof OptionSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Situation = z.infer<typeof SituationSchema>;
export type Places = z.infer<typeof PlacesSchema>;
export type Btg = z.infer<typeof BtgSchema>;
export type Sector = z.infer<typeof SectorSchema>;
export type Document = z.infer<typeof DocumentSchema>;
export type ContactRouteInfo = z.infer<typeof ContactRouteInfoSchema>;
export type Vocabulary = z.infer<typeof VocabularyFileSchema>;
export type Notice = z.infer<typeof NoticeSchema>;
export type DeploymentContacts = z.infer<typeof DeploymentContactsSchema>;
export type Person = z.infer<typeof PersonSchema>;

// ---- Understanding typed messages (knowledge/intents.yaml, commands.yaml, topics.yaml, questions.yaml) ----

/** Suggested next steps a small-talk reply can offer as buttons. */
export const NEXT_STEPS = ['intake', 'advice', 'documents', 'contacts', 'help'] as const;
const NextStepSchema = z.enum(NEXT_STEPS);

const SmallTalkSchema = z.strictObject({
  id,
  /** A message made only of these phrases (and filler words) is this small talk. */
  phrases: z.array(text).min(1),
  reply: text,
  /** At most three suggested next steps, shown as buttons. */
  next: z.array(NextStepSchema).max(3, 'hoogstens drie vervolgstappen').default([]),
});

export const IntentsFileSchema = z.strictObject({
  filler: z.array(text).default([]),
  nextSteps: z.record(NextStepSchema, text),
  smallTalk: z.array(SmallTalkSchema).min(1),
  advice: z.strictObject({
    /** Asks for advice outright ("ik wil advies"). */
    request: z.array(text).min(1),
    /** A general question ("wat kan ik doen?"): advice when the message also tells about the situation. */
    open: z.array(text).default([]),
    /** A number right before one of these words is the number of students. */
    studentWords: z.array(text).min(1),
    /**
     * A count said on its own, "#" standing for the number ("het zijn er #", "# in totaal"): the number of students
     * when the phrase ends its clause ("Het zijn er 4.").
     */
    countPhrases: z.array(text.regex(/(^|\s)#(\s|$)/, 'een telzin heeft een #')).default([]),
    /**
     * Words a sector word is glued to ("groensector", "beveiligingsopleiding", "zorgbranche"): the sector word is read
     * on its own.
     */
    sectorHeads: z.array(text).default([]),
    /** Words that make students the coordinator's own ("mijn studenten", "onze bbl'ers"): a situation told. */
    ownWords: z.array(text).default([]),
  }),
  notice: z.strictObject({ phrases: z.array(text).min(1) }),
  /** Words a question starts with ("hoe", "mag"): such a message goes to the answer engine, not the intake. */
  questionStart: z.array(text).min(1),
  /**
   * The intake's details as people type them: words per leerweg and per niveau (`*` and `...` as in phrasePattern.ts).
   */
  details: z.strictObject({
    leerweg: z.record(LeerwegSchema, z.array(text).min(1)),
    niveau: z.record(NiveauSchema, z.array(text).min(1)),
  }),
});

/** The commands the code acts on; content owners choose their phrases. */
export const COMMAND_IDS = [
  'help',
  'stop',
  'restart',
  'start',
  'advice',
  'documents',
  'contacts',
  'answers',
  'change',
  'plan',
  'plan-export',
  'plan-new',
  'referral',
  'insights',
  'forget',
  'next-step',
  'enough',
  'show-step',
  'show-option',
  'skip',
] as const;
const CommandIdSchema = z.enum(COMMAND_IDS);
/** The slots a command phrase may hold (one at most). */
const SLOTS = ['naam', 'veld', 'stap', 'nummer'] as const;
const COMMAND_FIELDS = ['sector', 'situations', 'places', 'details'] as const;

const CommandSchema = z.strictObject({
  id: CommandIdSchema,
  /** Only while this runs; without it the command works anywhere. */
  during: z.enum(['advice', 'intake']).optional(),
  /**
   * Phrases that are this command only as the whole message, without filler words around them ("advies" shows the
   * advice; "ik wil advies" asks for it).
   */
  alone: z.array(text).default([]),
  phrases: z
    .array(text)
    .min(1)
    .refine((phrases) => phrases.every((p) => (p.match(/\{/g) ?? []).length <= 1), 'een zin heeft hoogstens één {plek}')
    .refine(
      (phrases) =>
        phrases.every((p) =>
          [...p.matchAll(/\{([^}]*)\}/g)].every((m) => (SLOTS as readonly string[]).includes(m[1] ?? '')),
        ),
      `onbekende {plek}: gebruik ${SLOTS.map((s) => `{${s}}`).join(', ')}`,
    ),
});
export const CommandsFileSchema = z.strictObject({
  filler: z.array(text).default([]),
  /** Words for {veld}: which intake answer to change. */
  fields: z.record(z.enum(COMMAND_FIELDS), z.array(text).min(1)),
  commands: z.array(CommandSchema).min(1),
});

const TopicRouteSchema = z.strictObject({ id, text, url: url.optional(), urlLabel: text.optional() });
const TopicSchema = z.strictObject({
  id,
  /** Short, fits "Over <label> gaat de handreiking niet". */
  label: text,
  /** Questions and words people use for the topic; indexed, so they compete with the handreiking's answers. */
  examples: z.array(text).min(1),
  /** One or two sentences in general terms: no rule, figure or name of our own. */
  reply: text,
  routes: z.array(id).min(1),
});
export const TopicsFileSchema = z.strictObject({
  routes: z.array(TopicRouteSchema).min(1),
  /** The answer to anything else that is off-topic. */
  general: z.strictObject({ reply: text, routes: z.array(id).min(1) }),
  topics: z.array(TopicSchema),
});

/** Example questions per answer key ("1.3", "doc:faq", "contact:sbb"), in coordinators' own words. */
export const QuestionsFileSchema = z.strictObject({
  questions: z.record(z.string(), z.array(text).min(1)),
  /** Phrases that always lead to this answer or topic ("topic:<id>"), whatever else the question says. */
  triggers: z.record(z.string(), z.array(text).min(1)).default({}),
});

export type NextStep = z.infer<typeof NextStepSchema>;
export type SmallTalk = z.infer<typeof SmallTalkSchema>;
export type IntentsFile = z.infer<typeof IntentsFileSchema>;
export type CommandId = z.infer<typeof CommandIdSchema>;
export type CommandsFile = z.infer<typeof CommandsFileSchema>;
export type Topic = z.infer<typeof TopicSchema>;
export type TopicsFile = z.infer<typeof TopicsFileSchema>;
