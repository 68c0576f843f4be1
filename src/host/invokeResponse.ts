import type { Activity, InvokeResponse } from 'botbuilder';

/**
 * The answers to an Action.Execute invoke (Universal Actions): a card that replaces the pressed card,
 * or a short message the client shows beside it. As the body of an invoke response.
 */
export function cardInvokeResponse(card: object): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
}

export function messageInvokeResponse(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}

/**
 * The invoke response as the activity a turn sends when it answers without the bot's logic (a refusal, a busy queue).
 */
export function invokeResponseActivity(response: InvokeResponse): Partial<Activity> {
  return { type: 'invokeResponse', value: response };
}
