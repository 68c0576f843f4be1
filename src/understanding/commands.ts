import type { IntakeField } from '../domain/intake';
import type { CommandId, CommandsFile } from '../knowledge/schema';
import { fold } from '../common/text';
import { PhraseSet } from './phrases';

/** A typed command with its data. Phrases live in knowledge/commands.yaml. */
type PlainCommandId = Exclude<CommandId, 'change' | 'plan-new' | 'show-step' | 'show-option'>;
export type Command =
  | { [N in PlainCommandId]: { name: N } }[PlainCommandId]
  | { name: 'change'; field: IntakeField }
  | { name: 'plan-new'; planName: string }
  | { name: 'show-step'; step: 1 | 2 | 3 }
  | { name: 'show-option'; number: number };

/** Where the conversation is: some commands only work during the advice walk or the intake. */
export type During = 'advice' | 'intake';

interface Entry {
  id: CommandId;
  during?: During;
}

export interface CommandMatcher {
  /**
   * The command the whole message is, or undefined (a question that mentions a command word is none).
   * `typed` is the message as typed, for a plan name ("nieuw plan **Vet**" keeps its characters).
   */
  match(text: string, during?: During, typed?: string): Command | undefined;
}

export function createCommandMatcher(file: CommandsFile): CommandMatcher {
  const fields = new Map<string, string>();
  for (const [field, words] of Object.entries(file.fields)) for (const word of words) fields.set(fold(word), field);
  const entries = file.commands.flatMap((c) =>
    c.phrases.map((phrase) => ({
      phrase,
      value: { id: c.id, ...(c.during ? { during: c.during } : {}) } satisfies Entry,
    })),
  );
  const filler = new Set(file.filler.map(fold));
  const byDuring = (during: During | undefined) =>
    new PhraseSet<Entry>(
      entries.filter((e) => e.value.during === undefined || e.value.during === during),
      filler,
      fields,
    );
  const sets = { none: byDuring(undefined), advice: byDuring('advice'), intake: byDuring('intake') };
  /** Phrases that are a command only as the whole message (folded), per place. */
  const alone = file.commands.flatMap((c) =>
    c.alone.map((phrase) => ({ text: fold(phrase), id: c.id, during: c.during })),
  );

  return {
    match(text, during, typed = text) {
      const whole = fold(text.replace(/[?!.]+\s*$/, ''));
      const single = alone.find((a) => a.text === whole && (a.during === undefined || a.during === during));
      if (single) return toCommand(single.id, undefined, typed, undefined);
      const set = sets[during ?? 'none'];
      const tokens = set.tokens(text.replace(/\?+\s*$/, '').trim() || text);
      if (tokens.length === 0) return undefined;
      const { matches, end } = set.cover(tokens);
      // One command (maybe said twice: "help, wat kan ik typen?"), and nothing else in the message but filler.
      const [m] = matches;
      if (end !== tokens.length || !m || matches.some((other) => other.value.id !== m.value.id)) return undefined;
      // A command that belongs to a place wins there over the same phrase elsewhere.
      return toCommand(m.value.id, m.slotValue, typed, m.slotStart);
    },
  };
}

function toCommand(
  id: CommandId,
  slot: string | undefined,
  typed: string,
  slotStart: number | undefined,
): Command | undefined {
  switch (id) {
    case 'change':
      return slot ? { name: 'change', field: slot as IntakeField } : undefined;
    case 'plan-new': {
      // "nieuw plan" alone is the command without a name: the dialog asks for one.
      if (slotStart === undefined) return { name: 'plan-new', planName: '' };
      const planName = typedFrom(typed, slotStart);
      return planName ? { name: 'plan-new', planName } : undefined;
    }
    case 'show-step':
      return slot ? { name: 'show-step', step: Number(slot) as 1 | 2 | 3 } : undefined;
    case 'show-option':
      return slot ? { name: 'show-option', number: Number(slot) } : undefined;
    default:
      return { name: id };
  }
}

/** The message as typed from its `start`-th folded word on ("nieuw plan: **Vet**" from 2 is "**Vet**"). */
function typedFrom(typed: string, start: number): string | undefined {
  const parts = typed.trim().split(/\s+/);
  let consumed = 0;
  let i = 0;
  while (i < parts.length && consumed < start) {
    const folded = fold(parts[i] ?? '');
    consumed += folded ? folded.split(' ').length : 0;
    i++;
  }
  const rest = parts
    .slice(i)
    .join(' ')
    .replace(/^[:\s-]+/, '')
    .trim();
  return rest || undefined;
}
