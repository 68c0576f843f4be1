import type { Advice, AdviceStep, RankedOption } from '../domain/advisor';
import type { ResolvedContact } from '../domain/contacts';
import type { Intake, IntakeField } from '../domain/intake';
import type { Knowledge } from '../knowledge/load';
import { stepOf } from '../knowledge/load';
import type { Option, Party } from '../knowledge/schema';
import type { AdaptiveCardJson, CardRenderer } from './render';

/**
 * Turns domain objects into card data and renders the templates in `cards/`. Pure: no botbuilder.
 * All Dutch wording that is not content lives here or in the templates.
 */

const PARTY_LABELS: Record<Party, string> = {
  school: 'je eigen school (team, docenten, loopbaanbegeleiding)',
  student: 'de student',
  leerbedrijf: 'het leerbedrijf en de praktijkopleider',
  sbb: 'SBB (adviseur praktijkleren)',
  gemeente: 'de gemeente',
  'andere-scholen': 'andere mbo-scholen',
  'regionale-partners': 'regionale partners',
  'mbo-raad': 'de MBO Raad (beleidsadviseur van de bedrijfstakgroep)',
};

export const QUESTIONS: Record<IntakeField, string> = {
  sector: 'Sector',
  situations: 'Situatie van de studenten',
  places: 'Beschikbare plekken',
  details: 'Leerweg, niveau en aantal',
};

const TOTAL_QUESTIONS = 4;

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
        { icon: '2', text: 'Ik zet de oplossingen uit de handreiking voor je op een rij, de best passende eerst.' },
        { icon: '3', text: 'Per oplossing: stappen, aandachtspunten, documenten en wie je kunt bellen.' },
      ],
      source: 'Gebaseerd op de Handreiking beroepspraktijkvorming in tijden van corona van de MBO Raad en SBB. Ik vraag geen namen van studenten.',
    });
  }

  intakeQuestion(field: IntakeField, intake: Intake, error = ''): AdaptiveCardJson {
    const progress = { current: ['sector', 'situations', 'places', 'details'].indexOf(field) + 1, total: TOTAL_QUESTIONS };
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
    return this.renderer.render('intake-answered', { question: QUESTIONS[field], answer: this.answerText(intake, field), field });
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

  adviceStep(advice: Advice, stepNumber: 1 | 2 | 3, intake: Intake): AdaptiveCardJson {
    const step = advice.steps.find((s) => s.number === stepNumber) ?? advice.steps[0];
    if (!step) throw new Error('advice without steps');
    const nextStep = step.number < 3 ? step.number + 1 : 0;
    const highlights = stepNumber === advice.startStep ? advice.highlights : [];
    const options = step.options.map((o, i) => ({ ...o, rank: i + 1 }));
    return this.renderer.render('advice-step', {
      step: step.number,
      title: step.title,
      intro: step.intro,
      situation: this.situationLine(intake),
      notice: this.notice(advice, step),
      options,
      highlights,
      others: step.others,
      othersText:
        step.others.length > 0 ? 'Deze oplossingen vragen om plekken die er nu niet zijn. Ze blijven bereikbaar:' : '',
      question:
        nextStep === 0
          ? 'Dit was de laatste stap. Kom je er niet uit? Vraag het een adviseur via Contact.'
          : 'Is dit genoeg? Zo niet, dan laat ik je de volgende stap zien.',
      nextStep,
      prevStep: step.number > 1 ? step.number - 1 : 0,
      speak: `Stap ${step.number}: ${step.title}. ${options.length} oplossingen, de best passende eerst: ${options
        .slice(0, 3)
        .map((o) => o.title)
        .join('; ')}.`,
    });
  }

  private notice(advice: Advice, step: AdviceStep): string {
    if (step.skipped) {
      return step.options.length > 0
        ? 'In jouw situatie begint het advies bij een latere stap. Uit deze stap kan nog wel het volgende.'
        : 'In jouw situatie helpt deze stap weinig; het advies begint bij een latere stap.';
    }
    if (step.number === advice.startStep && step.number > 1) {
      return `Omdat er nu geen plekken zijn, begin ik bij stap ${step.number}. Stap 1 (beschikbare plekken beter benutten) kun je altijd nog bekijken.`;
    }
    return '';
  }

  optionDetail(option: Option, sectorId: string | undefined, contact: ResolvedContact, fromAdvice: boolean): AdaptiveCardJson {
    const step = stepOf(option);
    const stepInfo = this.knowledge.steps.find((s) => s.number === step);
    const [section, bullet] = option.key.split('.');
    const documents = option.documents
      .map((id) => this.knowledge.documents.get(id))
      .filter((d) => d !== undefined)
      .map((d) => ({ title: d.title, url: d.url }));
    return this.renderer.render('option-detail', {
      key: option.key,
      step,
      stepTitle: stepInfo?.title ?? '',
      title: option.title,
      summary: option.summary,
      explanation: option.explanation,
      actionsText: numbered(option.actions),
      involveText: bullets(option.involve.map((p) => PARTY_LABELS[p])),
      cautionsText: bullets(option.cautions),
      contactText: this.contactLine(contact),
      contactUrl: contact.mailto ?? contact.teamsChatUrl ?? contact.url,
      contactUrlLabel: contact.person?.name ? `Contact: ${contact.person.name}` : `Contact: ${shortRoute(contact)}`,
      sourceText: `Handreiking beroepspraktijkvorming in tijden van corona (MBO Raad en SBB), paragraaf ${section}, punt ${bullet}: "${option.quote}"`,
      documents,
      backStep: fromAdvice ? step : 0,
    });
  }

  contactLine(contact: ResolvedContact): string {
    const who = contact.person?.name ? `${contact.person.name}, ` : '';
    const btg = contact.btgName ? ` (${contact.btgName})` : '';
    return `${who}${contact.title}${btg}: ${contact.topics.join(', ')}.`;
  }

  documents(): AdaptiveCardJson {
    const docs = [...this.knowledge.documents.values()];
    const service = this.knowledge.documents.get('servicedocument');
    return this.renderer.render('documents', {
      versionLine: service?.version
        ? `Het advies verwijst naar ${service.title} versie ${service.version}.`
        : 'Hier vind je de documenten achter het advies.',
      documents: docs.map((d) => ({
        title: d.title,
        shortTitle: shortTitle(d.title),
        purpose: d.purpose,
        url: d.url,
        versionText: d.version ? `Versie ${d.version}. ${d.versionNote ?? ''}`.trim() : '',
      })),
    });
  }

  contacts(contacts: readonly ResolvedContact[], sectorId: string | undefined): AdaptiveCardJson {
    return this.renderer.render('contacts', {
      intro: sectorId
        ? `Voor ${this.sectorLabel(sectorId).toLowerCase()}: kies de route die bij je vraag past.`
        : 'Kies de route die bij je vraag past.',
      first: contacts[0] ?? { title: '' },
      contacts: contacts.map((c) => ({
        title: c.btgName ? `${c.title} (${c.btgName})` : c.title,
        when: `Voor: ${c.topics.join(', ')}.`,
        who: c.person?.name ? `Je contactpersoon: ${c.person.name}` : '',
        url: c.url,
        urlLabel: c.urlLabel,
        mailto: c.mailto ?? '',
        teamsChatUrl: c.teamsChatUrl ?? '',
      })),
    });
  }

  help(state: { inIntake: boolean; hasAdvice: boolean }): AdaptiveCardJson {
    return this.renderer.render('help', {
      intro: state.inIntake
        ? 'Je zit midden in de intake. Beantwoord de vraag op de kaart of typ je antwoord. Dit kan ook altijd:'
        : 'Ik leid je door de Handreiking beroepspraktijkvorming in tijden van corona. Dit kun je typen:',
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
      privacy: 'Ik vraag en bewaar geen namen van studenten. Typ "wis mijn gegevens" om alles te wissen wat ik van je bewaar.',
      canStart: !state.inIntake,
      hasAdvice: state.hasAdvice,
    });
  }
}

function shortTitle(title: string): string {
  return title.length <= 40 ? title : `${title.slice(0, 37).trimEnd()}...`;
}

function shortRoute(contact: ResolvedContact): string {
  return contact.route === 'sbb' ? 'SBB' : contact.route === 'mboraad' ? 'MBO Raad' : 'btg-overleg';
}

