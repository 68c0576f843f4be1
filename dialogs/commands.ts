import { fold } from '../src/domain/text';
import type { IntakeField } from '../src/domain/intake';

/** Typed commands that work at any point. Only short messages count, so a question is never taken for one. */
export type Command =
  | { name: 'help' }
  | { name: 'stop' }
  | { name: 'restart' }
  | { name: 'start' }
  | { name: 'advice' }
  | { name: 'documents' }
  | { name: 'contacts' }
  | { name: 'answers' }
  | { name: 'greeting' }
  | { name: 'change'; field: IntakeField }
  | { name: 'plan' }
  | { name: 'plan-export' }
  | { name: 'plan-new'; planName: string }
  | { name: 'referral' }
  | { name: 'insights' }
  | { name: 'forget' };

const EXACT: Record<string, Exclude<Command['name'], 'plan-new'>> = {
  help: 'help', hulp: 'help', '?': 'help', menu: 'help', 'wat kan je': 'help', 'wat kun je': 'help', 'wat kan jij': 'help', 'wat kun jij': 'help', 'wat kan ik vragen': 'help',
  stop: 'stop', stoppen: 'stop', annuleer: 'stop', annuleren: 'stop', cancel: 'stop', 'laat maar': 'stop', afbreken: 'stop',
  opnieuw: 'restart', 'opnieuw beginnen': 'restart', 'begin opnieuw': 'restart', reset: 'restart', 'nieuwe intake': 'restart', 'overnieuw': 'restart',
  start: 'start', begin: 'start', beginnen: 'start', intake: 'start', 'start intake': 'start', 'start de intake': 'start', starten: 'start',
  advies: 'advice', 'mijn advies': 'advice', 'toon advies': 'advice', 'laatste advies': 'advice', 'advies tonen': 'advice', 'toon mijn advies': 'advice',
  documenten: 'documents', 'meer weten': 'documents', documents: 'documents', 'toon documenten': 'documents', bronnen: 'documents',
  contact: 'contacts', contacten: 'contacts', 'vragen stellen of sparren': 'contacts', sparren: 'contacts',
  antwoorden: 'answers', 'mijn antwoorden': 'answers', wijzig: 'answers', wijzigen: 'answers', aanpassen: 'answers',
  'mijn plan': 'plan', plan: 'plan', 'mijn bpv plan': 'plan', 'bpv plan': 'plan', 'toon plan': 'plan', 'toon mijn plan': 'plan', 'mijn plannen': 'plan', plannen: 'plan',
  'exporteer plan': 'plan-export', 'exporteer mijn plan': 'plan-export', 'plan exporteren': 'plan-export', 'export plan': 'plan-export',
  'vraag een adviseur': 'referral', 'adviseur vragen': 'referral', 'vraag adviseur': 'referral', doorverwijzen: 'referral', 'stel een adviseur een vraag': 'referral',
  inzichten: 'insights', 'toon inzichten': 'insights',
  'wis mijn gegevens': 'forget', 'verwijder mijn gegevens': 'forget', 'wis gegevens': 'forget', 'wis mijn data': 'forget', 'verwijder mijn data': 'forget', 'vergeet mij': 'forget', 'vergeet me': 'forget',
  hallo: 'greeting', hoi: 'greeting', hey: 'greeting', hi: 'greeting', hello: 'greeting', goedemorgen: 'greeting', goedemiddag: 'greeting', goedenavond: 'greeting', dag: 'greeting', 'hallo bot': 'greeting',
};

const FIELD_WORDS: Record<string, IntakeField> = {
  sector: 'sector', branche: 'sector',
  situatie: 'situations', situaties: 'situations',
  plekken: 'places', plaatsen: 'places', stageplekken: 'places',
  details: 'details', leerweg: 'details', niveau: 'details', aantal: 'details',
};

export function parseCommand(text: string): Command | undefined {
  const f = fold(text.replace(/\?/g, ' ? ')).replace(/\s+/g, ' ');
  const bare = f.replace(/\s*\?$/, '').trim() || (text.trim() === '?' ? '?' : '');
  const exact = EXACT[bare] ?? EXACT[f];
  if (exact === 'change') return undefined;
  if (exact) return { name: exact } as Command;
  const newPlan = /^\s*nieuw(?:e)?\s+plan\s*:?\s+(.+)$/i.exec(text);
  if (newPlan?.[1]) return { name: 'plan-new', planName: newPlan[1] };
  const change = /^(?:wijzig|verander|pas|andere?)\s+(?:de\s+|mijn\s+)?(\w+)(?:\s+aan)?$/.exec(bare);
  const field = change?.[1] ? FIELD_WORDS[change[1]] : undefined;
  return field ? { name: 'change', field } : undefined;
}
