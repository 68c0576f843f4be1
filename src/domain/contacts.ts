import type { Knowledge } from '../knowledge/load';
import type { ContactRouteId, Person } from '../knowledge/schema';

export interface ResolvedContact {
  route: ContactRouteId;
  /**
   * The route at the start of a line, with the bedrijfstakgroep where it applies ("Beleidsadviseur van de
   * bedrijfstakgroep Zorg, welzijn en sport").
   */
  title: string;
  /** The same in the middle of a sentence, capitals kept ("de SBB-adviseur praktijkleren"). */
  inSentence: string;
  /**
   * The route without a bedrijfstakgroep, in the middle of a sentence ("de beleidsadviseur van de bedrijfstakgroep").
   */
  routeInSentence: string;
  organisation: string;
  topics: string[];
  description: string;
  /** For the MBO Raad routes: the bedrijfstakgroep of the coordinator's sector, only when its name is confirmed. */
  btgName?: string;
  /** True when the route names the bedrijfstakgroep by sector because its name is not confirmed. */
  btgUnconfirmed: boolean;
  /** Filled in by the school in the deployment file; absent by default (never invented). */
  person?: Person;
  url: string;
  urlLabel: string;
  mailto?: string;
  teamsChatUrl?: string;
}

/** The bedrijfstakgroep of a sector as the bot may name it. */
type BtgMention = { confirmed: true; name: string } | { confirmed: false; sectorLabel: string };

/**
 * The one place that reads `confirmed` in sectors.yaml: a bedrijfstakgroep whose name no public MBO Raad
 * source confirms is never shown as if it were its official name; it is named by the coordinator's sector.
 */
function btgOf(knowledge: Knowledge, sectorId: string | undefined): BtgMention | undefined {
  const sector = sectorId ? knowledge.sectors.find((s) => s.id === sectorId) : undefined;
  const btg = sector ? knowledge.btgs.get(sector.btg) : undefined;
  if (!sector || !btg) return undefined;
  return btg.confirmed ? { confirmed: true, name: btg.name } : { confirmed: false, sectorLabel: sector.label };
}

/** " Zorg, welzijn en sport" or " voor de sector Handel", to follow a route's title. */
function btgSuffix(btg: BtgMention | undefined): string {
  if (!btg) return '';
  return btg.confirmed ? ` ${btg.name}` : ` voor de sector ${btg.sectorLabel}`;
}

/** "Je kunt er terecht met vragen over a, b en c." */
export function topicsSentence(topics: readonly string[]): string {
  const list =
    topics.length > 1 ? `${topics.slice(0, -1).join(', ')} en ${topics[topics.length - 1]}` : (topics[0] ?? '');
  return `Je kunt er terecht met vragen over ${list}.`;
}

/** The contact for a route, with the school's configured person for the sector where there is one. */
export function resolveContact(knowledge: Knowledge, route: ContactRouteId, sectorId?: string): ResolvedContact {
  const info = knowledge.contactRoutes.get(route);
  if (!info) throw new Error(`unknown contact route ${route}`);
  const deployment = knowledge.deploymentContacts;
  const person = (sectorId ? deployment.sectors[sectorId]?.[route] : undefined) ?? deployment.default[route];
  const btg = route !== 'sbb' ? btgOf(knowledge, sectorId) : undefined;
  const suffix = btgSuffix(btg);
  return {
    route,
    title: `${info.title}${suffix}`,
    inSentence: `${info.inSentence}${suffix}`,
    routeInSentence: info.inSentence,
    organisation: info.organisation,
    topics: info.topics,
    description: info.description,
    ...(btg?.confirmed ? { btgName: btg.name } : {}),
    btgUnconfirmed: btg !== undefined && !btg.confirmed,
    ...(person ? { person } : {}),
    url: person?.url ?? info.defaultUrl,
    urlLabel: person?.url ? 'Website' : info.defaultUrlLabel,
    ...(person?.email ? { mailto: `mailto:${person.email}` } : {}),
    ...(person?.teams
      ? { teamsChatUrl: `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(person.teams)}` }
      : {}),
  };
}
