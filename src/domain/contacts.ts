import type { Knowledge } from '../knowledge/load';
import type { ContactRouteId, Person } from '../knowledge/schema';

export interface ResolvedContact {
  route: ContactRouteId;
  title: string;
  organisation: string;
  topics: string[];
  description: string;
  /** For the MBO Raad routes: the bedrijfstakgroep of the coordinator's sector, when known. */
  btgName?: string;
  /** Filled in by the school in the deployment file; absent by default (never invented). */
  person?: Person;
  url: string;
  urlLabel: string;
  mailto?: string;
  teamsChatUrl?: string;
}

/** The contact for a route, with the school's configured person for the sector where there is one. */
export function resolveContact(knowledge: Knowledge, route: ContactRouteId, sectorId?: string): ResolvedContact {
  const info = knowledge.contactRoutes.get(route);
  if (!info) throw new Error(`unknown contact route ${route}`);
  const deployment = knowledge.deploymentContacts;
  const person = (sectorId ? deployment.sectors[sectorId]?.[route] : undefined) ?? deployment.default[route];
  const sector = sectorId ? knowledge.sectors.find((s) => s.id === sectorId) : undefined;
  const btgName = route !== 'sbb' && sector ? knowledge.btgs.get(sector.btg)?.name : undefined;
  return {
    route,
    title: info.title,
    organisation: info.organisation,
    topics: info.topics,
    description: info.description,
    ...(btgName ? { btgName } : {}),
    ...(person ? { person } : {}),
    url: person?.url ?? info.defaultUrl,
    urlLabel: person?.url ? 'Website' : info.defaultUrlLabel,
    ...(person?.email ? { mailto: `mailto:${person.email}` } : {}),
    ...(person?.teams ? { teamsChatUrl: `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(person.teams)}` } : {}),
  };
}
