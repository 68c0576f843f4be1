import { FEEDBACK_REASONS, type FeedbackKind, REASON_LABELS } from '../domain/feedback';
import type { AdaptiveCardJson, CardRenderer } from './render';

/** Card data for the optional reason after "niet nuttig", and its thank-you state. Pure: no botbuilder. */
export class FeedbackViews {
  constructor(private readonly renderer: CardRenderer) {}

  reason(kind: FeedbackKind, keys: readonly string[]): AdaptiveCardJson {
    return this.renderer.render('feedback-reason', {
      done: false,
      heading: 'Dank je. Wat kan beter?',
      intro: 'Kies wat het beste past. Ik bewaar alleen de keuze, niet wie je bent.',
      kind,
      keys: keys.join(','),
      reasons: FEEDBACK_REASONS.map((value) => ({ value, title: REASON_LABELS[value] })),
    });
  }

  thanks(): AdaptiveCardJson {
    return this.renderer.render('feedback-reason', {
      done: true,
      heading: 'Dank je voor je reactie',
      intro: 'De makers van de Bpv-wegwijzer gebruiken dit om het advies te verbeteren.',
      kind: 'advice',
      keys: '',
      reasons: [],
    });
  }
}
