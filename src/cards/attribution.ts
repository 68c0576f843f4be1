import type { Knowledge } from '../knowledge/load';
import type { Option } from '../knowledge/schema';

/**
 * Keeping the handreiking's words apart from the bot's, and saying how old they are. Only an option's
 * `quote` is the handreiking's text; titles, summaries, explanations, steps, cautions, reasons and the
 * ranking are the bot's elaboration, and the cards say so. Pure: no botbuilder.
 */

/** The handreiking as a source line names it, with when it appeared (notice.yaml: "najaar 2020"). */
export function handreikingSource(knowledge: Knowledge): string {
  return `Handreiking beroepspraktijkvorming in tijden van corona (MBO Raad en SBB, ${knowledge.notice.published})`;
}

/** "Handreiking ... (MBO Raad en SBB, najaar 2020), paragraaf 1, punt 3": the source of an option's quote. */
export function optionSource(knowledge: Knowledge, option: Pick<Option, 'key'>): string {
  return `${handreikingSource(knowledge)}, ${paragraph(option)}`;
}

/** "paragraaf 1, punt 3". */
export function paragraph(option: Pick<Option, 'key'>): string {
  const [section, bullet] = option.key.split('.');
  return `paragraaf ${section}, punt ${bullet}`;
}

/** The bullet as the handreiking has it, between quotation marks. */
export function quoted(option: Pick<Option, 'quote'>): string {
  return `“${option.quote}”`;
}

/** Said on a card under the quote, before the bot's own texts. */
export const OWN_WORDS =
  'Alleen het citaat hierboven komt uit de handreiking. De uitleg, stappen en aandachtspunten hieronder zijn van de Bpv-wegwijzer, niet van de MBO Raad of SBB.';

/** Said on an advice card: the handreiking does not rank its options. */
export const OWN_RANKING =
  'De volgorde en de redenen zijn van de Bpv-wegwijzer. De handreiking zelf zet de oplossingen niet op volgorde.';

/** True for an option whose advice leans on corona-era room in the rules (notice.yaml `lapsedLeeway`). */
export function leansOnLapsedLeeway(knowledge: Knowledge, key: string): boolean {
  return knowledge.notice.lapsedLeeway.includes(key);
}

/** The notice to show with an option: in full where it leans on corona-era room, else the short line. */
export function noticeFor(knowledge: Knowledge, key: string): { text: string; full: boolean } {
  const full = leansOnLapsedLeeway(knowledge, key);
  return { text: full ? knowledge.notice.full : knowledge.notice.short, full };
}
