import type { BrowserContext, Page } from 'playwright-core';

/**
 * A stand-in for the Teams web client around a tab, for the browser tests: a page served (through
 * Playwright's request routing, nothing leaves the machine) at https://teams.microsoft.com/ that
 * frames the tab and answers the Teams JavaScript client library's messages as the host does:
 * `initialize` (frame context, client type, runtime configuration) and `getContext` (theme, the
 * tab's entity and sub-entity), and sends `themeChange` when the test switches the theme. The tab's
 * own teams-js and content security policy run for real; only the host is simulated, like the fake
 * Bot Connector stands in for Microsoft's service. Any other origin can be given to check that the
 * page refuses to be framed there.
 */

export const TEAMS_ORIGIN = 'https://teams.microsoft.com';
/** Where the tests pretend the bot lives (the package's example BOT_DOMAIN), over https like in Teams. */
export const BOT_ORIGIN = 'https://bpv-wegwijzer.example.org';

/**
 * Serves the local bot at BOT_ORIGIN for this browser context: each request is passed to the bot and
 * its answer (status, headers, body) handed back unchanged. So the tab runs on an https origin as in
 * Teams, and Chromium's local-network checks (a public page may not frame 127.0.0.1) do not apply.
 */
export async function serveBotAt(context: BrowserContext, botUrl: string): Promise<void> {
  await context.route(`${BOT_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${botUrl}${url.pathname}${url.search}`, maxRedirects: 0 });
    await route.fulfill({ response });
  });
}

interface HostOptions {
  /** The tab's URL (the manifest's contentUrl). */
  tabUrl: string;
  theme: 'default' | 'dark' | 'contrast';
  /** The deep link's subEntityId, as Teams passes it in the context. */
  subEntityId?: string;
  /** Where the host page lives (default Teams' own origin). */
  origin?: string;
}

function hostPage(options: HostOptions): string {
  const context = {
    entityId: 'handreiking',
    subEntityId: options.subEntityId,
    theme: options.theme,
    locale: 'nl-nl',
    frameContext: 'content',
    hostClientType: 'web',
    hostName: 'Teams',
  };
  const runtime = {
    apiVersion: 4,
    supports: { pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} }, teamsCore: {} },
  };
  return `<!doctype html><html><head><title>Teams</title></head><body style="margin:0">
<iframe id="tab" title="Handreiking" src="${options.tabUrl}" style="border:0;width:100vw;height:100vh"></iframe>
<script>
  const frame = document.getElementById('tab');
  const context = ${JSON.stringify(context)};
  window.hostCalls = [];
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (event.source !== frame.contentWindow || !message || typeof message.func !== 'string') return;
    window.hostCalls.push(message.func);
    const reply = (args) => frame.contentWindow.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, event.origin);
    if (message.func === 'initialize') reply(['content', 'web', ${JSON.stringify(JSON.stringify(runtime))}, '2.58.0']);
    else if (message.func === 'getContext') reply([context]);
  });
  window.setTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, '*');
</script></body></html>`;
}

/** Opens the tab inside the stand-in host; returns the host page (the tab is its frame "#tab"). */
export async function openInHost(context: BrowserContext, options: HostOptions): Promise<Page> {
  const origin = options.origin ?? TEAMS_ORIGIN;
  await context.route(`${origin}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostPage(options) }),
  );
  const page = await context.newPage();
  await page.goto(`${origin}/_host`);
  return page;
}
