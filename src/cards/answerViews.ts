import { resolveContact, type ResolvedContact, topicsSentence } from '../domain/contacts';
import { normaliseQuestion } from '../domain/feedback';
import type { Knowledge } from '../knowledge/load';
import { stepOf } from '../knowledge/load';
import {
  type ContactRouteId,
  type DocumentId,
  NEXT_STEPS,
  type NextStep,
  type SmallTalk,
  type Topic,
} from '../knowledge/schema';
import type { Answer, AnswerResult } from '../search/engine';
import type { AnswerKind } from '../search/entries';
import { handreikingSource, noticeFor, optionSource, paragraph, quoted } from './attribution';
import type { AdaptiveCardJson, CardRenderer } from './render';

/**
 * Card data for quick answers: the personal answer card, the honest "not sure" card, the compact
 * channel card, channel help and messaging-extension results. Pure: no botbuilder.
 */

/** One answer as the cards show it. */
export interface AnswerItem {
  key: string;
  kind: AnswerKind;
  title: string;
  /** One sentence. */
  summary: string;
  /** The longer text for the personal card. */
  text: string;
  /** An option's bullet verbatim, between quotation marks; '' for a document or contact (the bot's words only). */
  quote: string;
  /** "Handreiking ... (MBO Raad en SBB, najaar 2020), paragraaf 1, punt 3": the source of the quote. */
  source: string;
  /** How old the guidance is: in full for an option that leans on corona-era room (noticeFull), else short. */
  notice: string;
  noticeFull: boolean;
  /** "paragraaf 1, punt 3": for lists. */
  sourceShort: string;
  /** "Stap 1: ...", "Document", "Contact". */
  kindLabel: string;
  /** A page to open: the document, or the contact's page, mail or chat; '' for an option. */
  url: string;
  urlLabel: string;
  isOption: boolean;
  isDocument: boolean;
  isContact: boolean;
}

const MAX_ALTERNATIVES = 2;
const MAX_GUESSES = 3;
/** A guess below this score is noise, not worth showing even when the engine is unsure. */
const MIN_GUESS_SCORE = 0.15;

export class AnswerViews {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly renderer: CardRenderer,
    /** The link that opens the handreiking tab at a result key ('' = the top; src/tab/deepLink.ts); '' for none. */
    private readonly tabLink: (key: string) => string = () => '',
  ) {}

  /** The card data for a result key, or undefined for a key the knowledge no longer has. */
  item(key: string, sectorId?: string): AnswerItem | undefined {
    const short = { notice: this.knowledge.notice.short, noticeFull: false };
    const base = { isOption: false, isDocument: false, isContact: false, url: '', urlLabel: '', quote: '', ...short };
    // Documents and contacts: the text is the bot's, the handreiking only names them.
    const namedUnder = (heading: string) =>
      `${handreikingSource(this.knowledge)}, onder "${heading}". De toelichting is van de Bpv-wegwijzer.`;
    const option = this.knowledge.optionsByKey.get(key);
    if (option) {
      const step = this.knowledge.steps.find((s) => s.number === stepOf(option));
      const notice = noticeFor(this.knowledge, option.key);
      return {
        ...base,
        key,
        kind: 'option',
        title: option.title,
        summary: option.summary,
        text: option.explanation,
        quote: quoted(option),
        source: optionSource(this.knowledge, option),
        notice: notice.text,
        noticeFull: notice.full,
        sourceShort: paragraph(option),
        kindLabel: step ? `Stap ${step.number}: ${step.title}` : 'Oplossing uit de handreiking',
        isOption: true,
      };
    }
    if (key.startsWith('doc:')) {
      const doc = this.knowledge.documents.get(key.slice(4) as DocumentId);
      if (!doc) return undefined;
      const version = doc.versionNote ? ` ${doc.versionNote}` : '';
      return {
        ...base,
        key,
        kind: 'document',
        title: doc.title,
        summary: doc.purpose,
        text: `${doc.purpose}${version}`,
        source: namedUnder('Meer weten?'),
        sourceShort: 'Meer weten?',
        kindLabel: `Document · ${doc.publisher}`,
        url: doc.url,
        urlLabel: 'Open het document',
        isDocument: true,
      };
    }
    if (key.startsWith('contact:')) {
      const route = key.slice(8) as ContactRouteId;
      if (!this.knowledge.contactRoutes.has(route)) return undefined;
      const contact = resolveContact(this.knowledge, route, sectorId);
      const link = contactLink(contact);
      return {
        ...base,
        key,
        kind: 'contact',
        title: contact.title,
        summary: topicsSentence(contact.topics),
        text: `${contact.description} ${topicsSentence(contact.topics)}`,
        source: namedUnder('Vragen stellen of sparren?'),
        sourceShort: 'Vragen stellen of sparren?',
        kindLabel: `Contact · ${contact.organisation}`,
        url: link.url,
        urlLabel: link.label,
        isContact: true,
      };
    }
    return undefined;
  }

  private items(results: readonly AnswerResult[], sectorId: string | undefined, minScore: number): AnswerItem[] {
    return results
      .filter((r) => r.score >= minScore)
      .map((r) => this.item(r.key, sectorId))
      .filter((i): i is AnswerItem => i !== undefined);
  }

  /** The contact that fits the best guess: its own route, the option's route, or the MBO Raad route. */
  contactFor(results: readonly AnswerResult[], sectorId?: string): ResolvedContact {
    const top = results[0]?.key ?? '';
    const option = this.knowledge.optionsByKey.get(top);
    let route: ContactRouteId = 'mboraad';
    if (option) route = option.contact;
    else if (top.startsWith('contact:') && this.knowledge.contactRoutes.has(top.slice(8) as ContactRouteId))
      route = top.slice(8) as ContactRouteId;
    else if (top === 'doc:actieplan') route = 'sbb';
    return resolveContact(this.knowledge, route, sectorId);
  }

  /**
   * Personal chat: the answer card when sure, else the honest fallback. The sure card's "Niet nuttig"
   * carries the question, normalised and scrubbed, so content owners see which question got a wrong answer.
   */
  personal(answer: Answer, sectorId?: string, question = ''): AdaptiveCardJson {
    const items = this.items(answer.results, sectorId, MIN_GUESS_SCORE);
    const best = items[0];
    if (!answer.confident || !best) return this.unsure(items, this.contactFor(answer.results, sectorId));
    const alternatives = items.slice(1, 1 + MAX_ALTERNATIVES);
    return this.renderer.render('quick-answer', {
      best,
      alternatives,
      question: normaliseQuestion(question),
      speak: `${best.title}. ${best.summary}`,
    });
  }

  private unsure(items: readonly AnswerItem[], contact: ResolvedContact): AdaptiveCardJson {
    const guesses = items.slice(0, MAX_GUESSES);
    const link = contactLink(contact);
    return this.renderer.render('quick-answer-unsure', {
      intro:
        guesses.length > 0
          ? 'Ik vond geen duidelijk antwoord in de handreiking. Misschien bedoel je een van deze:'
          : 'Ik vond geen antwoord op je vraag in de handreiking. Probeer het met andere woorden, bijvoorbeeld "stageplek delen" of "urennorm".',
      guesses,
      contactText: `Of vraag het ${contact.inSentence}. ${topicsSentence(contact.topics)}`,
      notice: this.knowledge.notice.short,
      contactUrl: link.url,
      contactUrlLabel: link.label,
      speak:
        guesses.length > 0
          ? `Dit weet ik niet zeker. Misschien bedoel je: ${guesses.map((g) => g.title).join('; ')}.`
          : 'Dit weet ik niet zeker.',
    });
  }

  /** Channels and group chats: short, sourced, with a way into the personal chat. */
  channel(answer: Answer, chatUrl: string): AdaptiveCardJson {
    const items = this.items(answer.results, undefined, MIN_GUESS_SCORE);
    const best = items[0];
    const confident = answer.confident && best !== undefined;
    const others = confident ? items.slice(1, 1 + MAX_ALTERNATIVES) : items.slice(0, MAX_GUESSES);
    const contact = this.contactFor(answer.results);
    const contactLinkInfo = contactLink(contact);
    const link =
      confident && best && best.url
        ? { url: best.url, label: best.urlLabel }
        : confident
          ? { url: '', label: '' }
          : contactLinkInfo;
    return this.renderer.render('channel-answer', {
      confident,
      best: best ?? { title: '', summary: '', source: '', quote: '' },
      unsureText:
        others.length > 0
          ? 'Ik vond geen duidelijk antwoord in de handreiking. Misschien bedoel je een van deze.'
          : 'Ik vond geen antwoord in de handreiking. Probeer het met andere woorden, of vraag het in een persoonlijk gesprek.',
      others,
      othersLabel: confident ? 'Ook relevant:' : 'Misschien bedoel je:',
      contactText: confident ? '' : `Vraag het anders ${contact.inSentence}. ${topicsSentence(contact.topics)}`,
      notice: confident && best ? best.notice : this.knowledge.notice.short,
      noticeFull: confident && best ? best.noticeFull : false,
      chatUrl,
      tabUrl: this.tabLink(confident && best ? best.key : ''),
      linkUrl: link.url,
      linkLabel: link.label,
      speak: confident && best ? `${best.title}. ${best.summary}` : 'Dit weet ik niet zeker.',
    });
  }

  /** "help" in a channel, and the offer to continue in personal chat for intake-like requests. */
  channelHelp(chatUrl: string, reason: 'help' | 'intake' | 'empty'): AdaptiveCardJson {
    const heading = reason === 'intake' ? 'Een intake doen we in een persoonlijk gesprek' : 'Wat ik hier kan';
    const intro =
      reason === 'intake'
        ? 'In een kanaal of groepschat beantwoord ik korte vragen. Je situatie doorlopen en een advies op maat doen we samen in een persoonlijk gesprek.'
        : reason === 'empty'
          ? 'Noem mij met je vraag erbij, dan antwoord ik hier in de draad met een bron uit de handreiking.'
          : 'Ik ken de Handreiking beroepspraktijkvorming in tijden van corona. In een kanaal of groepschat kan ik dit:';
    return this.renderer.render('channel-help', {
      heading,
      intro,
      items: [
        {
          what: '@Bpv-wegwijzer + je vraag',
          how: 'een kort antwoord met bron en twee alternatieven, hier in de draad',
        },
        { what: 'Zoeken in het berichtvak', how: 'oplossingen, documenten en contacten als kaart invoegen' },
        { what: 'Persoonlijk gesprek', how: 'intake, advies op maat, documenten en contactpersonen' },
      ],
      privacy: 'Noem geen namen van studenten in een kanaal.',
      notice: this.knowledge.notice.short,
      chatUrl,
      speak: heading,
    });
  }

  // ---- replies decided by the interpreter (src/understanding) -----------------------------------

  /**
   * Small talk: the intent's reply and at most three next steps as buttons (personal chat), or the
   * way into the personal chat (channels: `chatUrl`). `steps` filters the intent's next steps.
   */
  smallTalk(
    intent: SmallTalk,
    options: { chatUrl?: string; steps?: (step: NextStep) => boolean } = {},
  ): AdaptiveCardJson {
    const titles = this.knowledge.understanding.intents.nextSteps;
    const shown = options.chatUrl ? [] : intent.next.filter((step) => options.steps?.(step) ?? true).slice(0, 3);
    // One button per step, its verb fixed in the template: only its title comes from the data.
    const steps = Object.fromEntries(
      NEXT_STEPS.map((step) => [step, shown.includes(step) ? (titles[step] ?? step) : '']),
    );
    return this.renderer.render('small-talk', {
      reply: intent.reply,
      steps: { ...steps, any: shown.length > 0 },
      chatUrl: options.chatUrl ?? '',
      speak: intent.reply,
    });
  }

  /** "Bedoel je A of B?": the close candidates as buttons that show that answer. */
  clarify(candidates: readonly AnswerResult[], chatUrl = ''): AdaptiveCardJson {
    const items = this.items(candidates, undefined, 0).slice(0, 3);
    const heading = `Bedoel je ${orList(items.map((i) => `"${i.title}"`))}?`;
    return this.renderer.render('clarify', {
      heading,
      candidates: items.map((i) => ({ key: i.key, title: i.title, summary: i.summary })),
      chatUrl,
      speak: heading,
    });
  }

  /** A topic the handreiking does not cover (or anything else off-topic): said plainly, with where to go. */
  outOfScope(topic: Topic | undefined, chatUrl = ''): AdaptiveCardJson {
    const { topics } = this.knowledge.understanding;
    const routeIds = topic?.routes ?? topics.general.routes;
    const routes = routeIds.map((id) => topics.routes.find((r) => r.id === id)).filter((r) => r !== undefined);
    const heading = topic ? `Over ${topic.label} gaat de handreiking niet` : 'Daar gaat de handreiking niet over';
    const reply = topic?.reply ?? topics.general.reply;
    return this.renderer.render('out-of-scope', {
      heading,
      reply,
      routes: routes.map((r) => ({ text: r.text })),
      links: routes.filter((r) => r.url).map((r) => ({ url: r.url ?? '', label: r.urlLabel ?? r.text })),
      chatUrl,
      speak: `${heading}. ${reply}`,
    });
  }

  /** "Is dit nog actueel?": the full notice that the guidance is from 2020. */
  notice(chatUrl = ''): AdaptiveCardJson {
    const { full } = this.knowledge.notice;
    return this.renderer.render('notice', { full, chatUrl, speak: full });
  }

  /** What the bot understood from an advice request, in one line, with a button to fix each answer. */
  understood(line: string, fixes: ReadonlyArray<{ field: string; title: string }>): AdaptiveCardJson {
    return this.renderer.render('understood', { line, fixes, speak: line });
  }

  /**
   * An advice request in a channel: what was understood, the first options of the handreiking for it
   * (the short answer), and the offer to continue in a personal chat.
   */
  channelAdvice(
    line: string,
    options: ReadonlyArray<{ title: string; summary: string }>,
    chatUrl: string,
  ): AdaptiveCardJson {
    const heading = 'Advies op maat doen we in een persoonlijk gesprek';
    return this.renderer.render('channel-help', {
      heading,
      intro: options.length > 0 ? `${line} Uit de handreiking past hier bijvoorbeeld:` : line,
      items: options.slice(0, 3).map((o) => ({ what: o.title, how: o.summary })),
      privacy:
        'Noem geen namen van studenten in een kanaal. In een persoonlijk gesprek loop ik je situatie met je door.',
      notice: this.knowledge.notice.short,
      chatUrl,
      speak: heading,
    });
  }

  /** A messaging-extension result card (and the data for its preview). */
  searchResult(item: AnswerItem, chatUrl: string): AdaptiveCardJson {
    return this.renderer.render('search-result', {
      kindLabel: item.kindLabel,
      title: item.title,
      text: item.summary,
      quote: item.quote,
      source: item.source,
      notice: item.notice,
      noticeFull: item.noticeFull,
      linkUrl: item.url,
      linkLabel: item.urlLabel || 'Open',
      chatUrl,
      tabUrl: this.tabLink(item.key),
    });
  }

  /** The three steps, for an empty search in the compose box. */
  stepResults(chatUrl: string): Array<{ preview: { title: string; text: string }; card: AdaptiveCardJson }> {
    return this.knowledge.steps.map((step) => {
      const options = this.knowledge.options.filter((o) => stepOf(o) === step.number);
      return {
        preview: { title: `Stap ${step.number}: ${step.title}`, text: `${options.length} oplossingen` },
        card: this.renderer.render('search-result', {
          kindLabel: `Stap ${step.number} van 3`,
          title: step.title,
          text: `${step.intro}\n\n${options.map((o) => `- ${o.title}`).join('\n')}`,
          quote: '',
          source: `${handreikingSource(this.knowledge)}, paragraaf ${step.number}. De samenvatting is van de Bpv-wegwijzer.`,
          notice: this.knowledge.notice.short,
          noticeFull: false,
          linkUrl: '',
          linkLabel: '',
          chatUrl,
          tabUrl: this.tabLink(`stap-${step.number}`),
        }),
      };
    });
  }
}

/** "A", "A of B", "A, B of C". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} of ${items.at(-1) ?? ''}`;
}

function contactLink(contact: ResolvedContact): { url: string; label: string } {
  if (contact.teamsChatUrl)
    return {
      url: contact.teamsChatUrl,
      label: contact.person?.name ? `Chat met ${contact.person.name}` : 'Chat in Teams',
    };
  if (contact.mailto)
    return { url: contact.mailto, label: contact.person?.name ? `Mail ${contact.person.name}` : 'Stuur een mail' };
  return { url: contact.url, label: contact.urlLabel };
}
