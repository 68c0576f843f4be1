// Browser side of the card renderer used by test/browser/cardPage.ts. Bundled with esbuild into an
// IIFE. Plain JavaScript because the project's TypeScript config has no DOM types.
import { AdaptiveCard, HostConfig, SerializationContext, Versions } from 'adaptivecards';

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The subset of markdown Teams renders in a TextBlock: bold, italic, links, bullet and numbered lists. */
function markdown(text) {
  const inline = (s) =>
    escapeHtml(s)
      .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\W)_([^_]+)_(?=\W|$)/g, '$1<em>$2</em>');
  const out = [];
  let list = null;
  for (const line of text.split('\n')) {
    const bullet = /^\s*[-*] (.*)$/.exec(line);
    const numbered = /^\s*(\d+)\. (.*)$/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : null;
    if (list && kind !== list) {
      out.push(`</${list}>`);
      list = null;
    }
    if (kind) {
      // Like CommonMark, a numbered list starts at its first number ("2. x" shows as 2).
      const start = numbered && numbered[1] !== '1' ? ` start="${numbered[1]}"` : '';
      if (!list) out.push(`<${kind}${start} style="margin:0;padding-left:20px;box-sizing:border-box">`);
      list = kind;
      out.push(`<li>${inline(bullet ? bullet[1] : numbered[2])}</li>`);
    } else if (line.trim() !== '') out.push(`<p style="margin:0">${inline(line)}</p>`);
  }
  if (list) out.push(`</${list}>`);
  return out.join('');
}

AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown(text);
  result.didProcess = true;
};

function parseColor(css) {
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) return null;
  const [r, g, b, a = 1] = m[1]
    .split(/[ ,/]+/)
    .filter(Boolean)
    .map(Number);
  return { r, g, b, a };
}

function luminance({ r, g, b }) {
  const c = [r, g, b].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

function backgroundOf(el) {
  for (let node = el; node; node = node.parentElement) {
    const bg = parseColor(getComputedStyle(node).backgroundColor);
    if (bg && bg.a > 0.5) return bg;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
}

/** Text whose contrast with its background is below WCAG AA (4.5:1). */
function contrastProblems(root) {
  const problems = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const el = t.parentElement;
    if (!el || seen.has(el) || t.textContent.trim() === '') continue;
    seen.add(el);
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const fg = parseColor(style.color);
    if (!fg) continue;
    const bg = backgroundOf(el);
    const blended = {
      r: fg.r * fg.a + bg.r * (1 - fg.a),
      g: fg.g * fg.a + bg.g * (1 - fg.a),
      b: fg.b * fg.a + bg.b * (1 - fg.a),
    };
    const [hi, lo] = [luminance(blended), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)} for "${t.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
}

/** Height of the card and, per element id, how far below the card's top that element ends (absent: not shown). */
function measure() {
  const holder = document.getElementById('card');
  const top = holder.getBoundingClientRect().top;
  const bottoms = {};
  for (const el of holder.querySelectorAll('[id]')) {
    const box = el.getBoundingClientRect();
    if (box.height > 0) bottoms[el.id] = Math.round(box.bottom - top);
  }
  return { height: Math.round(holder.getBoundingClientRect().height), bottoms };
}
window.measureCard = measure;

/** Renders a card into #card; returns parse problems, overflow and contrast problems, and its measures. */
window.renderCard = (cardJson, hostConfigJson, checkButtons) => {
  const holder = document.getElementById('card');
  holder.innerHTML = '';
  const card = new AdaptiveCard();
  card.hostConfig = new HostConfig(hostConfigJson);
  const context = new SerializationContext(Versions.v1_5);
  card.parse(cardJson, context);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  const element = card.render();
  if (!element) return { problems: [...problems, 'render: nothing rendered'], ...measure() };
  holder.appendChild(element);
  const frame = holder.getBoundingClientRect();
  for (const el of holder.querySelectorAll('*')) {
    if (el.closest('.ac-pushButton')) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > frame.right + 1) {
      problems.push(
        `overflow: ${el.className || el.tagName} ends ${Math.round(box.right - frame.right)}px past the card`,
      );
      break;
    }
  }
  for (const button of checkButtons ? holder.querySelectorAll('.ac-pushButton') : []) {
    const cut = [button, ...button.querySelectorAll('*')].some(
      (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1,
    );
    if (cut) problems.push(`button label cut off: "${button.textContent.trim()}"`);
  }
  problems.push(...contrastProblems(holder));
  return { problems, ...measure() };
};
