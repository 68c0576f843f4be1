import type { Advice, AdviceStep } from '../domain/advisor';
import { type ResolvedContact, topicsSentence } from '../domain/contacts';
import type { Intake, IntakeField } from '../domain/intake';
import { earliest } from '../knowledge/freshness';
import type { Knowledge } from '../knowledge/load';
import { stepOf } from '../knowledge/load';
import type { Option, Party } from '../knowledge/schema';
import {
  handreikingSource,
  leansOnLapsedLeeway,
  noticeFor,
  optionSource,
  OWN_RANKING,
  OWN_WORDS,
  quoted,
} from './attribution';
import type { AdaptiveCardJson, CardRenderer } from './render';

/**
 * Turns domain objects into card data and renders the templates in `cards/`. Pure: no botbuilder.
 * All Dutch wording that is not content lives here or in the templates.
 */

export const PARTY_LABELS: Record<Party, string> = {
  school: 'je eigen school (team, docenten, loopbaanbegeleiding)',
  student: 'de student',
  leerbedrijf: 'het leerbedrijf en de praktijkopleider',
  sbb: 'SBB (adviseur praktijkleren)',
  gemeente: 'de gemeente',
  'andere-scholen': 'andere mbo-scholen',
  'regionale-partners': 'regionale partners',
  'mbo-raad': 'de MBO Raad (beleidsadviseur van de bedrijfstakgroep)',
};

const QUESTIONS: Record<IntakeField, string> = {
  sector: 'Sector',
  situations: 'Situatie van de studenten',
  places: 'Beschikbare plekken',
  details: 'Leerweg, niveau en aantal',
};

const TOTAL_QUESTIONS = 4;

/** Options open on an advice card; the rest of the step is one tap away. */
const ADVICE_OPEN = 3;

/** "Toon nog 10 oplossingen" for the toggle under the open options; '' when the step has no more. */
function moreOptionsTitle(more: number): string {
  return more === 0 ? '' : more === 1 ? 'Toon nog 1 oplossing' : `Toon nog ${more} oplossingen`;
}

const bullets = (lines: readonly string[]) => lines.map((l) => `- ${l}`).join('\n');
const numbered = (lines: readonly string[]) => lines.map((l, i) => `${i + 1}. ${l}`).join('\n');

export class CardViews {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly renderer: CardRenderer,
  ) {}

  // ---- labels -------------------------------------------------------------------------------

  sectorLabel(id: string | undefined): string {
    return this.knowledge.sectors.find((s) => s.id === id)?.label ?? 'onbekende sector';
  }

  answerText(intake: Intake, field: IntakeField): string {
    switch (field) {
      case 'sector':
        return intake.sector ? this.sectorLabel(intake.sector) : 'nog niet ingevuld';
      case 'situations':
        return intake.situations.length > 0
          ? intake.situations.map((id) => this.knowledge.situations.find((s) => s.id === id)?.label ?? id).join('; ')
          : 'nog niet ingevuld';
      case 'places':
        return this.knowledge.places.find((p) => p.id === intake.places)?.label ?? 'nog niet ingevuld';
      case 'details': {
        const parts = [
          intake.leerweg,
          intake.niveau ? (intake.niveau === 'entree' ? 'Entree' : `niveau ${intake.niveau}`) : undefined,
          intake.students ? `${intake.students} student${intake.students === 1 ? '' : 'en'}` : undefined,
        ].filter(Boolean);
        return parts.length > 0 ? parts.join(', ') : intake.detailsDone ? 'overgeslagen' : 'nog niet ingevuld';
      }
    }
  }

  situationLine(intake: Intake): string {
    return (['sector', 'situations', 'places', 'details'] as const)
      .map((f) => this.answerText(intake, f))
      .filter((t) => t !== 'overgeslagen' && t !== 'nog niet ingevuld')
      .join(' · ');
  }

  // ---- cards --------------------------------------------------------------------------------

  welcome(): AdaptiveCardJson {
    return this.renderer.render('welcome', {
      intro:
        'Vallen stages of leerbanen weg? Ik help je als bpv-coördinator om je studenten toch voldoende beroepspraktijkvorming te geven.',
      promises: [
        { icon: '1', text: 'Je beantwoordt een paar vragen over sector, situatie en plekken.' },
        {
          icon: '2',
          text: 'Ik zet de oplossingen uit de handreiking voor je op een rij. De volgorde kies ik zelf: de best passende eerst.',
        },
        {
          icon: '3',
          text: 'Per oplossing zie je wat je kunt doen, waar je op let, welke documenten erbij horen en bij wie je terechtkunt.',
        },
      ],
      notice: this.knowledge.notice.short,
      source: `Gebaseerd op de ${handreikingSource(this.knowledge)}. De uitleg en de volgorde zijn van de Bpv-wegwijzer. Ik vraag geen namen van studenten.`,
    });
  }

  intakeQuestion(field: IntakeField, intake: Intake, error = ''): AdaptiveCardJson {
    const progress = {
      current: ['sector', 'situations', 'places', 'details'].indexOf(field) + 1,
      total: TOTAL_QUESTIONS,
    };
    switch (field) {
      case 'sector':
        return this.renderer.render('intake-sector', {
          progress,
          error,
          current: intake.sector ?? '',
          choices: this.knowledge.sectors.map((s) => ({ title: s.label, value: s.id })),
        });
      case 'situations':
        return this.renderer.render('intake-situations', {
          progress,
          error,
          current: intake.situations.join(','),
          choices: this.knowledge.situations.map((s) => ({ title: s.label, value: s.id })),
        });
      case 'places':
        return this.renderer.render('intake-places', {
          progress,
          error,
          current: intake.places ?? '',
          choices: this.knowledge.places.map((p) => ({ title: p.label, value: p.id })),
        });
      case 'details':
        return this.renderer.render('intake-details', {
          progress,
          error,
          leerweg: intake.leerweg ?? '',
          niveau: intake.niveau ?? '',
          students: intake.students ?? '',
        });
    }
  }

  answered(field: IntakeField, intake: Intake): AdaptiveCardJson {
    return this.renderer.render('intake-answered', {
      question: QUESTIONS[field],
      answer: this.answerText(intake, field),
      field,
    });
  }

  answers(intake: Intake, complete: boolean): AdaptiveCardJson {
    return this.renderer.render('answers', {
      complete,
      answers: (['sector', 'situations', 'places', 'details'] as const).map((field) => ({
        field,
        question: QUESTIONS[field],
        answer: this.answerText(intake, field),
      })),
    });
  }

  /**
   * The advice for one step, made to fit a screen: the three best options open, the rest of the step
   * and the options left out one tap away (Action.ToggleVisibility, no new message), highlights of
   * other steps one line each, and one row of step buttons whose "Meer" opens documents, contact,
   * changing answers, the adviser and feedback. Every option opens its detail card when tapped.
   */
  adviceStep(advice: Advice, stepNumber: 1 | 2 | 3, intake: Intake): AdaptiveCardJson {
    const step = advice.steps.find((s) => s.number === stepNumber) ?? advice.steps[0];
    if (!step) throw new Error('advice without steps');
    const nextStep = step.number < 3 ? step.number + 1 : 0;
    const highlights = stepNumber === advice.startStep ? advice.highlights : [];
    const lapsed = (key: string) => leansOnLapsedLeeway(this.knowledge, key);
    const options = step.options.map((o, i) => ({
      ...o,
      rank: i + 1,
      lapsedText: lapsed(o.key) ? 'Coronaregels van 2020: lees de let-op bovenaan.' : '',
      label: `${i + 1}. ${o.title}. ${o.reason} Open de details.`,
    }));
    const top = options.slice(0, ADVICE_OPEN);
    const rest = options.slice(ADVICE_OPEN);
    const others = step.others.map((o) => ({ ...o, label: `${o.title}. ${o.reason} Open de details.` }));
    // The full notice wherever the card shows an option that leans on corona-era room; else the short line.
    const leansOnLapsed = [...step.options, ...highlights].some((o) => lapsed(o.key));
    return this.renderer.render('advice-step', {
      step: step.number,
      title: step.title,
      intro: step.intro,
      situation: this.situationLine(intake),
      notice: this.stepNotice(advice, step),
      noticeFull: leansOnLapsed ? this.knowledge.notice.full : '',
      noticeShort: leansOnLapsed ? '' : this.knowledge.notice.short,
      ranking: `Tik op een oplossing voor de details. ${OWN_RANKING}`,
      top,
      rest,
      others,
      moreTitle: moreOptionsTitle(rest.length + others.length),
      othersText: others.length > 0 ? 'Bij elke oplossing staat waarom ze minder past. Je kunt ze wel bekijken.' : '',
      highlights: highlights.map((h) => ({ ...h, label: `Stap ${h.step}: ${h.title}. ${h.reason} Open de details.` })),
      feedbackKeys: step.options.map((o) => o.key).join(','),
      question:
        nextStep === 0
          ? 'Dit was de laatste stap. Kom je er niet uit? Kijk onder Meer.'
          : 'Is dit genoeg voor je studenten?',
      nextStep,
      prevStep: step.number > 1 ? step.number - 1 : 0,
      speak: `Stap ${step.number}: ${step.title}. ${options.length} oplossingen, de best passende eerst: ${top.map((o) => o.title).join('; ')}.`,
    });
  }

  private stepNotice(advice: Advice, step: AdviceStep): string {
    if (step.skipped) {
      return step.options.length > 0
        ? `Voor jouw situatie begint het advies bij stap ${advice.startStep}. Deze oplossingen uit stap ${step.number} kun je wel gebruiken.`
        : `In jouw situatie helpt deze stap weinig. Het advies begint bij stap ${advice.startStep}.`;
    }
    if (step.number === advice.startStep && step.number > 1) {
      return advice.highlights.some((h) => h.step < step.number)
        ? `Omdat er nu geen plekken zijn, begin ik bij stap ${step.number}. Zoek ook verder dan je eigen plekken: zie "Ook belangrijk" hieronder.`
        : `Omdat er nu geen plekken zijn, begin ik bij stap ${step.number}. Stap 1 (beschikbare plekken beter benutten) kun je altijd nog bekijken.`;
    }
    return '';
  }

  optionDetail(
    option: Option,
    sectorId: string | undefined,
    contact: ResolvedContact,
    fromAdvice: boolean,
  ): AdaptiveCardJson {
    const step = stepOf(option);
    const stepInfo = this.knowledge.steps.find((s) => s.number === step);
    const documents = option.documents
      .map((id) => this.knowledge.documents.get(id))
      .filter((d) => d !== undefined)
      .map((d) => ({ title: d.title, url: d.url, urlLabel: d.urlLabel }));
    const notice = noticeFor(this.knowledge, option.key);
    return this.renderer.render('option-detail', {
      key: option.key,
      step,
      stepTitle: stepInfo?.title ?? '',
      title: option.title,
      summary: option.summary,
      noticeFull: notice.full ? notice.text : '',
      noticeShort: notice.full ? '' : notice.text,
      quote: quoted(option),
      sourceText: optionSource(this.knowledge, option),
      ownWords: OWN_WORDS,
      explanation: option.explanation,
      actionsText: numbered(option.actions),
      involveText: bullets(option.involve.map((p) => PARTY_LABELS[p])),
      cautionsText: bullets(option.cautions),
      contactText: this.contactLine(contact),
      contactUrl: contact.mailto ?? contact.teamsChatUrl ?? contact.url,
      contactUrlLabel: contact.person?.name ? `Contact: ${contact.person.name}` : `Contact: ${shortRoute(contact)}`,
      documents,
      backStep: fromAdvice ? step : 0,
    });
  }

  contactLine(contact: ResolvedContact): string {
    const who = contact.person?.name ? `${contact.person.name}, ` : '';
    return `${who}${contact.title}. ${topicsSentence(contact.topics)}`;
  }

  documents(): AdaptiveCardJson {
    const docs = [...this.knowledge.documents.values()];
    const checked = earliest(docs.map((d) => d.checkedOn));
    return this.renderer.render('documents', {
      intro: `Deze documenten noemt de handreiking (${this.knowledge.notice.published}) onder "Meer weten?". De uitleg erbij is van de Bpv-wegwijzer.`,
      notice: this.knowledge.notice.short,
      documents: docs.map((d) => ({
        title: d.version ? `${d.title} (versie ${d.version})` : d.title,
        purpose: d.purpose,
        url: d.url,
        urlLabel: d.urlLabel,
        versionText: d.versionNote ?? '',
      })),
      checkedText: checked ? linksCheckedText(checked) : '',
    });
  }

  contacts(contacts: readonly ResolvedContact[], sectorId: string | undefined): AdaptiveCardJson {
    const sector = sectorId ? this.sectorLabel(sectorId) : undefined;
    return this.renderer.render('contacts', {
      intro: sector
        ? `Voor de sector ${sector}: kies de route die bij je vraag past.`
        : 'Kies de route die bij je vraag past.',
      btgNote:
        sector && contacts.some((c) => c.btgUnconfirmed)
          ? `De naam van de bedrijfstakgroep voor de sector ${sector} weet ik niet zeker. Kijk op mboraad.nl welke bedrijfstakgroep bij je opleiding hoort.`
          : '',
      first: contacts[0] ?? { title: '' },
      contacts: contacts.map((c) => ({
        title: c.title,
        when: topicsSentence(c.topics),
        who: c.person?.name ? `Je contactpersoon: ${c.person.name}` : '',
        url: c.url,
        urlLabel: c.urlLabel,
        mailto: c.mailto ?? '',
        teamsChatUrl: c.teamsChatUrl ?? '',
      })),
      source: `Deze drie routes noemt de handreiking (${this.knowledge.notice.published}) onder "Vragen stellen of sparren?".`,
    });
  }

  help(state: { inIntake: boolean; hasAdvice: boolean }): AdaptiveCardJson {
    return this.renderer.render('help', {
      intro: state.inIntake
        ? 'Je zit midden in de intake. Beantwoord de vraag op de kaart of typ je antwoord. Dit kan ook altijd:'
        : `Ik leid je door de ${handreikingSource(this.knowledge)}. Dit kun je typen:`,
      commands: [
        { command: 'start', meaning: 'een nieuwe intake beginnen' },
        { command: 'advies', meaning: 'je laatste advies opnieuw tonen' },
        { command: 'wijzig sector', meaning: 'één antwoord wijzigen (ook: situatie, plekken, details)' },
        { command: 'documenten', meaning: 'servicedocument, faq en andere stukken' },
        { command: 'contact', meaning: 'MBO Raad, SBB of het btg-overleg' },
        { command: 'mijn plan', meaning: 'je bpv-plan bekijken en bijhouden (ook: nieuw plan <naam>, exporteer plan)' },
        { command: 'vraag een adviseur', meaning: 'je vraag met een samenvatting naar een adviseur sturen' },
        { command: 'opnieuw', meaning: 'alles wissen en opnieuw beginnen' },
        { command: 'stop', meaning: 'de intake afbreken' },
      ],
      notice: this.knowledge.notice.short,
      privacy:
        'Ik vraag en bewaar geen namen van studenten. Typ "wis mijn gegevens" om alles te wissen wat ik van je bewaar.',
      canStart: !state.inIntake,
      hasAdvice: state.hasAdvice,
    });
  }
}

/**
 * What the documents card and the tab say of the links' freshness, from the oldest `checkedOn`. Only the
 * year: the links printed in the handreiking carry 2020-09-01 for "najaar 2020", a day nobody checked.
 */
export function linksCheckedText(oldestCheckedOn: string): string {
  const year = oldestCheckedOn.slice(0, 4);
  return `Sommige links zijn sinds ${year} niet meer nagekeken. Werkt een link niet meer? Zoek dan op mboraad.nl of s-bb.nl.`;
}

function shortRoute(contact: ResolvedContact): string {
  return contact.route === 'sbb' ? 'SBB' : contact.route === 'mboraad' ? 'MBO Raad' : 'btg-overleg';
}
