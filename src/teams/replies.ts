import { type Activity, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/render';

/** A message that carries one Adaptive Card. */
export function cardMessage(card: AdaptiveCardJson): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** Sends one Adaptive Card as a new message. */
export async function sendCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity(cardMessage(card));
}

/**
 * A card button pressed outside personal chat that works in personal chat only (plans, intake and feedback are the
 * user's own).
 */
export const PERSONAL_ONLY = 'Deze knop werkt in een persoonlijke chat met mij.';
