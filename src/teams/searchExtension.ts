import {
  CardFactory,
  type MessagingExtensionAttachment,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { AnswerViews } from '../cards/answerViews';
import type { AdaptiveCardJson } from '../cards/render';
import type { Interpreter } from '../understanding/interpreter';
import { personalChatUrl } from './quickAnswers';

/**
 * The one parameter of the search command `zoekHandreiking` (manifest: composeExtensions[].commands[]): the question or
 * words typed.
 */
const SEARCH_PARAMETER = 'vraag';

const MAX_RESULTS = 10;
const MAX_QUERY = 500;

/**
 * composeExtension/query: matching options, documents and contacts as cards to insert in the
 * conversation (adaptive card plus a thumbnail preview for the result list). An empty query (also
 * Teams' initialRun) lists the three steps of the handreiking. A topic the handreiking does not cover
 * gives one card that says so, and "is dit nog actueel?" the notice.
 */
export class SearchExtension {
  constructor(
    private readonly interpreter: Interpreter,
    private readonly views: AnswerViews,
  ) {}

  query(context: TurnContext, query: MessagingExtensionQuery): MessagingExtensionResponse {
    const chatUrl = personalChatUrl(context.activity.recipient?.id);
    const text = queryText(query);
    if (!text) {
      return result(
        this.views.stepResults(chatUrl).map(({ preview, card }) => resultAttachment(card, preview.title, preview.text)),
      );
    }
    const verdict = this.interpreter.interpret(text, { where: 'search' });
    if (verdict.kind === 'out-of-scope' && verdict.topic) {
      return result([
        resultAttachment(
          this.views.outOfScope(verdict.topic, chatUrl),
          `Niet in de handreiking: ${verdict.topic.label}`,
          'Waar je wel terechtkunt',
        ),
      ]);
    }
    if (verdict.kind === 'notice')
      return result([
        resultAttachment(
          this.views.notice(chatUrl),
          'Hoe actueel is dit?',
          'De handreiking is uit het najaar van 2020',
        ),
      ]);
    const skip = Math.max(0, query.queryOptions?.skip ?? 0);
    const count = Math.min(MAX_RESULTS, Math.max(1, query.queryOptions?.count ?? MAX_RESULTS));
    const attachments = this.interpreter.engine
      .search(text, { limit: skip + count })
      .filter((r) => r.kind !== 'topic')
      .slice(skip)
      .map((r) => this.views.item(r.key))
      .filter((item) => item !== undefined)
      .map((item) =>
        resultAttachment(this.views.searchResult(item, chatUrl), item.title, `${item.kindLabel} · ${item.sourceShort}`),
      );
    return result(attachments);
  }
}

/** The typed text: the "vraag" parameter (or the first one), not Teams' initialRun flag. */
function queryText(query: MessagingExtensionQuery): string {
  const params = (query.parameters ?? []).filter((p) => p.name !== 'initialRun');
  const param = params.find((p) => p.name === SEARCH_PARAMETER) ?? params[0];
  const value: unknown = param?.value;
  return typeof value === 'string' ? value.trim().slice(0, MAX_QUERY) : '';
}

/** A result: the card to insert, with a thumbnail (title and text) for Teams' result list. */
function resultAttachment(card: AdaptiveCardJson, title: string, text: string): MessagingExtensionAttachment {
  return { ...CardFactory.adaptiveCard(card), preview: CardFactory.thumbnailCard(title, text) };
}

function result(attachments: MessagingExtensionAttachment[]): MessagingExtensionResponse {
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}
