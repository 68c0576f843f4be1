import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { TEAMS_HOST_CONFIGS, TEAMS_PAGE, type Theme } from '../support/teamsHostConfig';

/**
 * Renders Adaptive Cards in Chromium with the official adaptivecards renderer (bundled with esbuild)
 * and the Teams-like host configs, for screenshots and for layout checks (overflow, contrast).
 */

/** Teams' chat column on a desktop, and a narrow phone. */
const WIDTHS = { wide: 520, narrow: 320 } as const;
export type Width = keyof typeof WIDTHS;

let bundle: Promise<string> | undefined;

function cardHostBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(__dirname, 'page', 'cardHost.js')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bundle;
}

function css(theme: Theme): string {
  const p = TEAMS_PAGE[theme];
  const { accent, border, input: inputBg } = p;
  return `
    body { margin: 0; padding: 16px; background: ${p.page}; font-family: 'Segoe UI', 'Liberation Sans', Arial, sans-serif; }
    #card { background: ${p.bubble}; color: ${p.text}; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.15); overflow: hidden;
      ${theme === 'contrast' ? `border: 1px solid ${border};` : ''} }
    .ac-pushButton { background: transparent; color: ${accent}; border: 1px solid ${border}; border-radius: 4px;
      padding: 5px 12px; max-width: 100%; white-space: nowrap; font: 600 14px 'Segoe UI', 'Liberation Sans', Arial, sans-serif; min-height: 32px; cursor: pointer; overflow: hidden; text-overflow: ellipsis; }
    .ac-pushButton.style-positive { background: ${p.positive}; color: ${p.onPositive}; border-color: transparent; }
    .ac-input, .ac-input select, .ac-multichoiceInput, select.ac-input { background: ${inputBg}; color: ${p.text}; border: 1px solid ${border};
      border-radius: 4px; font: 14px 'Segoe UI', 'Liberation Sans', Arial, sans-serif; }
    .ac-input.ac-textInput, .ac-input.ac-numberInput, select.ac-input { padding: 5px 8px; min-height: 32px; box-sizing: border-box; }
    a { color: ${accent}; }
  `;
}

/** On a phone the actions stack vertically (our assumption for the narrow check); on desktop they sit in a row. */
function hostConfigFor(theme: Theme, width: Width): Record<string, unknown> {
  const config = TEAMS_HOST_CONFIGS[theme];
  if (width === 'wide') return config;
  return { ...config, actions: { ...(config.actions as object), actionsOrientation: 'Vertical' } };
}

export interface RenderResult {
  problems: string[];
  png: Buffer;
  /** The card's height in CSS pixels, as rendered (toggled parts closed). */
  height: number;
  /** Per element id in the card: how far below the card's top the element ends. */
  bottoms: Record<string, number>;
}

export class CardPage {
  private constructor(private readonly page: Page) {}

  static async open(browser: Browser): Promise<CardPage> {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const script = await cardHostBundle();
    await page.setContent(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><style id="theme"></style></head>
      <body><div id="frame"><div id="card"></div></div><script>${script.replace(/<\/script/gi, '<\\/script')}</script></body></html>`);
    await page.waitForFunction(() => typeof (globalThis as { renderCard?: unknown }).renderCard === 'function');
    return new CardPage(page);
  }

  /** Renders one card; takes a screenshot only when asked (screenshots are the slow part). */
  async render(card: object, theme: Theme, width: Width, screenshot = true): Promise<RenderResult> {
    await this.page.setViewportSize({ width: WIDTHS[width] + 32, height: 800 });
    const result = await this.page.evaluate(
      ({ card, hostConfig, styles, px, checkButtons }) => {
        const g = globalThis as unknown as {
          document: { getElementById(id: string): { textContent: string; style: { width: string } } };
          renderCard(
            card: object,
            hostConfig: object,
            checkButtons: boolean,
          ): { problems: string[]; height: number; bottoms: Record<string, number> };
        };
        g.document.getElementById('theme').textContent = styles;
        g.document.getElementById('frame').style.width = `${px}px`;
        return g.renderCard(card, hostConfig, checkButtons);
      },
      {
        card,
        hostConfig: hostConfigFor(theme, width),
        styles: css(theme),
        px: WIDTHS[width],
        checkButtons: width === 'wide',
      },
    );
    const png = screenshot ? await this.page.locator('#frame').screenshot({ animations: 'disabled' }) : Buffer.alloc(0);
    return { ...result, png };
  }

  /** Presses a button of the rendered card (client-side actions such as Action.ToggleVisibility) and measures again. */
  async press(title: string): Promise<{ height: number; bottoms: Record<string, number> }> {
    await this.page.locator('#card').getByRole('button', { name: title, exact: true }).first().click();
    return this.page.evaluate(() =>
      (globalThis as unknown as { measureCard(): { height: number; bottoms: Record<string, number> } }).measureCard(),
    );
  }

  /** A picture of the card as it is now (after `press`, for example). */
  screenshot(): Promise<Buffer> {
    return this.page.locator('#frame').screenshot({ animations: 'disabled' });
  }

  /** The rendered card's text as a person reads it (hidden parts left out). */
  text(): Promise<string> {
    return this.page.locator('#card').innerText();
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
