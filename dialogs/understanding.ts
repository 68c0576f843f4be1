import type { TurnContext } from 'botbuilder';
import type { AnswerViews } from '../src/cards/answerViews';
import type { TurnInsights } from '../src/teams/insightsActions';
import type { Interpreter, Situation, Verdict } from '../src/understanding/interpreter';
import { sendCard } from '../src/teams/replies';
import { getTurnInput } from '../src/teams/turnInput';

/** What the dialogs need to understand typed messages and answer what is no command or intake step. */
export interface UnderstandingDeps {
  interpreter: Interpreter;
  answerViews: AnswerViews;
  /** Questions without a sure answer are counted for content owners (no user ids), once the turn is saved. */
  insights: Pick<TurnInsights, 'forTurn'>;
}

const VERDICTS = Symbol('bpv.verdicts');

/**
 * The verdict on this turn's typed text for where the conversation is. Computed once per turn and
 * situation (the main dialog and a child dialog may both ask); `undefined` when nothing was typed.
 */
export function verdictOf(
  context: TurnContext,
  understanding: UnderstandingDeps,
  situation: Situation,
): Verdict | undefined {
  const input = getTurnInput(context);
  if (input.kind !== 'text') return undefined;
  const cache = context.turnState.get<Map<string, Verdict> | undefined>(VERDICTS) ?? new Map<string, Verdict>();
  context.turnState.set(VERDICTS, cache);
  const key = `${situation.during ?? ''}|${situation.asking ?? ''}`;
  let verdict = cache.get(key);
  if (!verdict) {
    verdict = understanding.interpreter.interpret(input.text, situation);
    cache.set(key, verdict);
  }
  // Of a turn's verdicts the last one asked for counts (src/insights/recorder.ts, perTurn).
  understanding.insights.forTurn(context).understood(input.text, verdict);
  return verdict;
}

/**
 * Answers a question, clarification, small talk, off-topic message or "is dit nog actueel?" in the
 * personal chat. Returns false for verdicts that are not answered with a card (commands, advice, intake answers).
 */
export async function answerVerdict(
  context: TurnContext,
  understanding: UnderstandingDeps,
  verdict: Verdict,
  sectorId?: string,
): Promise<boolean> {
  const views = understanding.answerViews;
  const input = getTurnInput(context);
  const text = input.kind === 'text' ? input.text : '';
  switch (verdict.kind) {
    case 'question':
      await sendCard(context, views.personal(verdict.answer, sectorId, text));
      return true;
    case 'clarify':
      await sendCard(context, views.clarify(verdict.candidates));
      return true;
    case 'out-of-scope':
      await sendCard(context, views.outOfScope(verdict.topic));
      return true;
    case 'notice':
      await sendCard(context, views.notice());
      return true;
    case 'small-talk':
      await sendCard(context, views.smallTalk(verdict.intent));
      return true;
    default:
      return false;
  }
}
