import { randomUUID } from 'node:crypto';

/**
 * One coordinator's conversation as the benchmark plays it: the bot being added, the intake (typed
 * answers, Action.Execute and Action.Submit card answers), the advice walk, free-text questions and
 * card buttons. Activity shapes follow test/support/botClient.ts (what Teams sends).
 */
export type Step =
  | { kind: 'added' }
  | { kind: 'text'; text: string }
  | { kind: 'execute'; verb: string; data?: Record<string, unknown> }
  | { kind: 'submit'; verb: string; data?: Record<string, unknown> };

/** Free questions as a coordinator might type them (written for the benchmark, not taken from the eval set). */
const QUESTIONS = [
  'Mag een student een deel van de stage thuis doen?',
  'Kan de stage ook in de vakantie doorgaan?',
  'Kunnen studenten samen op één stageplek?',
  'Telt een praktijkopdracht op school mee voor de bpv-uren?',
  'Hoeveel uren bpv zijn verplicht?',
  'Wat zegt het diplomabesluit over de urennorm?',
  'Mag de stage later in het jaar worden ingehaald?',
  'Hoe regel ik een stage in een andere regio?',
];

const SECTORS = ['zorg', 'horeca', 'techniek', 'ict', 'handel', 'logistiek'];
const SITUATIONS = [
  'geen-plek,thuiswerken',
  'plek-weggevallen',
  'leerdoelen-behaald-uren-niet,moeite-met-zoeken',
  'geen-plek',
];
const PLACES = ['geen', 'te-weinig', 'onbekend', 'voldoende'];
const DETAILS = ['bbl, niveau 2, ongeveer 12', 'bol niveau 4, 30 studenten', 'overslaan', 'niveau 3, 8'];
const OPTIONS = ['1.3', '2.1', '2.4', '3.2', '1.1', '3.5'];

/** The steps of conversation number `n` (varied a little so not every conversation is the same). */
export function conversationSteps(n: number): Step[] {
  const pick = <T>(list: readonly T[], offset = 0): T => list[(n + offset) % list.length] as T;
  return [
    { kind: 'added' },
    { kind: 'text', text: 'start' },
    { kind: 'text', text: pick(SECTORS) },
    { kind: 'execute', verb: 'intake.answer', data: { field: 'situations', situations: pick(SITUATIONS) } },
    { kind: 'submit', verb: 'intake.answer', data: { field: 'places', places: pick(PLACES) } },
    { kind: 'text', text: pick(DETAILS) },
    { kind: 'text', text: 'volgende' },
    { kind: 'execute', verb: 'option.details', data: { key: pick(OPTIONS) } },
    { kind: 'text', text: pick(QUESTIONS) },
    { kind: 'submit', verb: 'documents.show' },
    { kind: 'text', text: 'contact' },
    { kind: 'text', text: pick(QUESTIONS, 3) },
    { kind: 'execute', verb: 'advice.step', data: { step: 3 } },
    { kind: 'text', text: 'genoeg' },
  ];
}

export interface Ids {
  conversationId: string;
  userId: string;
}

export function newIds(): Ids {
  return { conversationId: `bench-${randomUUID()}`, userId: `29:bench-${randomUUID()}` };
}

/** The activity Teams would POST for a step, replies going to `serviceUrl`. */
export function activityFor(step: Step, ids: Ids, serviceUrl: string): Record<string, unknown> {
  const base = {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: ids.userId, name: 'Coördinator', aadObjectId: ids.userId },
    recipient: { id: 'bot-id', name: 'Bpv-wegwijzer' },
    conversation: { id: ids.conversationId, conversationType: 'personal', tenantId: 'tenant' },
    channelData: { tenant: { id: 'tenant' } },
    locale: 'nl-NL',
  };
  switch (step.kind) {
    case 'added':
      return { ...base, type: 'conversationUpdate', membersAdded: [{ id: 'bot-id' }] };
    case 'text':
      return { ...base, type: 'message', text: step.text };
    case 'execute':
      return {
        ...base,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: step.verb, data: step.data ?? {} }, trigger: 'manual' },
      };
    case 'submit':
      return {
        ...base,
        type: 'message',
        value: { ...(step.data ?? {}), verb: step.verb },
        replyToId: `card-${randomUUID()}`,
      };
  }
}
