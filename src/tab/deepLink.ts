/**
 * Where things live on the handreiking tab, and the Teams deep link that opens it there. Pure: no
 * botbuilder. A place on the tab is a "sub-entity": an option key ("1.3"), a document or contact key
 * as the answer engine has them ("doc:faq", "contact:sbb"), or a step ("stap-2"). Teams hands it to
 * the page (teams-js `page.subPageId`); a plain browser uses the page's anchor (`#optie-1-3`).
 */

/** The static tab's `entityId` in the manifest. */
export const TAB_ENTITY_ID = 'handreiking';
/** Where the bot serves the tab (the manifest's contentUrl is this path on BOT_DOMAIN). */
export const TAB_PATH = '/handreiking/';

/** The id of the page element for a sub-entity ("1.3" -> "optie-1-3"); undefined for anything else. */
export function anchorFor(subEntity: string): string | undefined {
  const option = /^([123])\.(\d{1,2})$/.exec(subEntity);
  if (option) return `optie-${option[1]}-${option[2]}`;
  const other = /^(doc|contact):([a-z0-9-]{1,40})$/.exec(subEntity);
  if (other) return `${other[1] === 'doc' ? 'document' : 'contact'}-${other[2]}`;
  return /^stap-[123]$/.test(subEntity) ? subEntity : undefined;
}

/**
 * Opens the handreiking tab of the Teams app `appId` at `subEntity` ('' = the top): the documented
 * deep link to a static tab, `https://teams.microsoft.com/l/entity/<appId>/<entityId>?context=...`,
 * with the sub-entity in the context.
 */
export function handreikingDeepLink(appId: string, subEntity: string): string {
  const context = subEntity ? `?context=${encodeURIComponent(JSON.stringify({ subEntityId: subEntity }))}` : '';
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${TAB_ENTITY_ID}${context}`;
}
