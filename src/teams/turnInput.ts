import type { TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/render';
import type { CardAction } from '../cards/actions';

/**
 * What the user did this turn, decided once by the Teams handler: a validated card action (from
 * Action.Execute or Action.Submit), a card action that failed validation, or typed text.
 */
export type TurnInput =
  | { kind: 'action'; action: CardAction; via: 'execute' | 'submit' }
  | { kind: 'invalid-action'; via: 'execute' | 'submit' }
  | { kind: 'text'; text: string }
  | { kind: 'none' };

const INPUT_KEY = Symbol('bpv.turnInput');
const CARD_UPDATE_KEY = Symbol('bpv.cardUpdate');

export function setTurnInput(context: TurnContext, input: TurnInput): void {
  context.turnState.set(INPUT_KEY, input);
}

export function getTurnInput(context: TurnContext): TurnInput {
  return context.turnState.get<TurnInput | undefined>(INPUT_KEY) ?? { kind: 'none' };
}

/** The card that should replace the card the user pressed (Action.Execute response, or an update of the message). */
export function setCardUpdate(context: TurnContext, card: AdaptiveCardJson): void {
  context.turnState.set(CARD_UPDATE_KEY, card);
}

export function getCardUpdate(context: TurnContext): AdaptiveCardJson | undefined {
  return context.turnState.get<AdaptiveCardJson | undefined>(CARD_UPDATE_KEY);
}

/** True when the user pressed a card button this turn (so a card can be replaced in place). */
export function cameFromCard(context: TurnContext): boolean {
  return getTurnInput(context).kind === 'action';
}
