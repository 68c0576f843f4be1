/**
 * Host configs that approximate how Microsoft Teams renders Adaptive Cards in its light, dark and
 * high-contrast themes, written for this project from Teams' published design values (Fluent UI neutral and brand
 * colours, Segoe UI with a 14 px base size, 6 top-level actions). Deliberately our own: the
 * adaptivecards-designer package that ships Microsoft's files cannot be installed next to
 * adaptivecards 3 (peer conflict), and nothing is copied from it. Colours are chosen so every
 * foreground reaches WCAG AA contrast (4.5:1) on its background; the browser test checks that.
 */

type Pair = { default: string; subtle: string };
type Foregrounds = Record<'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention', Pair>;

interface Palette {
  background: string;
  emphasis: string;
  fg: Foregrounds;
  styles: Record<'good' | 'attention' | 'warning' | 'accent', string>;
}

const LIGHT: Palette = {
  background: '#FFFFFF',
  emphasis: '#F5F5F5',
  fg: {
    default: { default: '#242424', subtle: '#616161' },
    dark: { default: '#242424', subtle: '#424242' },
    light: { default: '#FFFFFF', subtle: '#F0F0F0' },
    accent: { default: '#4F52B2', subtle: '#5B5FC7' },
    good: { default: '#0E700E', subtle: '#237B4B' },
    warning: { default: '#835B00', subtle: '#835B00' },
    attention: { default: '#B10E1C', subtle: '#C4314B' },
  },
  styles: { good: '#E7F2DA', attention: '#FCF4F6', warning: '#FBF6D9', accent: '#E8EBFA' },
};

const DARK: Palette = {
  background: '#292929',
  emphasis: '#1F1F1F',
  fg: {
    default: { default: '#FFFFFF', subtle: '#ADADAD' },
    dark: { default: '#D6D6D6', subtle: '#ADADAD' },
    light: { default: '#FFFFFF', subtle: '#D6D6D6' },
    accent: { default: '#A6A9FF', subtle: '#A6A9FF' },
    good: { default: '#92C353', subtle: '#92C353' },
    warning: { default: '#F8D22A', subtle: '#F8D22A' },
    attention: { default: '#FF8A9A', subtle: '#FF8A9A' },
  },
  styles: { good: '#0D2E0D', attention: '#3E1F25', warning: '#463100', accent: '#2F2F4A' },
};

/**
 * Teams' high-contrast theme: black surfaces, white text, yellow for links and accents (as Windows
 * high contrast does). Subtle text is not dimmed there, and every container is black: a warning or
 * emphasis container is told apart by its place and words, not by colour.
 */
const CONTRAST: Palette = {
  background: '#000000',
  emphasis: '#000000',
  fg: {
    default: { default: '#FFFFFF', subtle: '#FFFFFF' },
    dark: { default: '#FFFFFF', subtle: '#FFFFFF' },
    light: { default: '#FFFFFF', subtle: '#FFFFFF' },
    accent: { default: '#FFFF01', subtle: '#FFFF01' },
    good: { default: '#3FF23F', subtle: '#3FF23F' },
    warning: { default: '#FFFF01', subtle: '#FFFF01' },
    attention: { default: '#FF8080', subtle: '#FF8080' },
  },
  styles: { good: '#000000', attention: '#000000', warning: '#000000', accent: '#000000' },
};

const highlight = { default: '#00000000', subtle: '#00000000' };

function foregrounds(fg: Foregrounds): Record<string, Pair & { highlightColors: typeof highlight }> {
  return Object.fromEntries(Object.entries(fg).map(([k, v]) => [k, { ...v, highlightColors: highlight }]));
}

function hostConfig(p: Palette): Record<string, unknown> {
  const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: foregrounds(p.fg) });
  return {
    choiceSetInputValueSeparator: ',',
    supportsInteractivity: true,
    fontFamily: "'Segoe UI', 'Liberation Sans', Arial, sans-serif",
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: p === LIGHT ? '#E0E0E0' : p === DARK ? '#3D3D3D' : '#FFFFFF' },
    fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    lineHeights: { small: 16, default: 20, medium: 20, large: 24, extraLarge: 32 },
    imageSizes: { small: 32, medium: 52, large: 100 },
    containerStyles: {
      default: style(p.background),
      emphasis: style(p.emphasis),
      good: style(p.styles.good),
      attention: style(p.styles.attention),
      warning: style(p.styles.warning),
      accent: style(p.styles.accent),
    },
    actions: {
      maxActions: 6,
      spacing: 'Default',
      buttonSpacing: 8,
      showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
      actionsOrientation: 'Horizontal',
      actionAlignment: 'Left',
      iconPlacement: 'LeftOfTitle',
      iconSize: 16,
    },
    adaptiveCard: { allowCustomStyle: true },
    factSet: {
      title: { color: 'Default', size: 'Default', isSubtle: false, weight: 'Bolder', wrap: true, maxWidth: 150 },
      value: { color: 'Default', size: 'Default', isSubtle: false, weight: 'Default', wrap: true },
      spacing: 8,
    },
    textBlock: { headingLevel: 2 },
    inputs: {
      label: {
        requiredInputs: { weight: 'Bolder', suffix: ' *', suffixColor: 'Attention' },
        optionalInputs: { weight: 'Bolder' },
      },
      errorMessage: { size: 'Small', color: 'Attention' },
    },
  };
}

export type Theme = 'light' | 'dark' | 'contrast';
export const THEMES: readonly Theme[] = ['light', 'dark', 'contrast'];

export const TEAMS_HOST_CONFIGS: Record<Theme, Record<string, unknown>> = {
  light: hostConfig(LIGHT),
  dark: hostConfig(DARK),
  contrast: hostConfig(CONTRAST),
};

/** The colours around a card in each theme: Teams' chat background, the bubble, text, links and buttons. */
export const TEAMS_PAGE: Record<
  Theme,
  {
    page: string;
    bubble: string;
    text: string;
    accent: string;
    border: string;
    input: string;
    positive: string;
    onPositive: string;
  }
> = {
  light: {
    page: '#F5F5F5',
    bubble: LIGHT.background,
    text: LIGHT.fg.default.default,
    accent: '#4F52B2',
    border: '#D1D1D1',
    input: '#FFFFFF',
    positive: '#5B5FC7',
    onPositive: '#FFFFFF',
  },
  dark: {
    page: '#1F1F1F',
    bubble: DARK.background,
    text: DARK.fg.default.default,
    accent: '#A6A9FF',
    border: '#666666',
    input: '#1F1F1F',
    positive: '#4F52B2',
    onPositive: '#FFFFFF',
  },
  contrast: {
    page: '#000000',
    bubble: CONTRAST.background,
    text: '#FFFFFF',
    accent: '#FFFF01',
    border: '#FFFFFF',
    input: '#000000',
    positive: '#FFFF01',
    onPositive: '#000000',
  },
};
