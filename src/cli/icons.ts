import { PNG } from 'pngjs';
import { errorMessage } from '../common/errors';

/**
 * The app icons, drawn in code so they can be regenerated and checked: a signpost ("wegwijzer")
 * in white. The colour icon puts it on the accent colour; the outline icon is white on transparent,
 * as Teams requires.
 */

export const ACCENT = { r: 0x1f, g: 0x6f, b: 0x5c } as const;
export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

type Point = readonly [number, number];
type Shape =
  { kind: 'rect'; x0: number; y0: number; x1: number; y1: number } | { kind: 'polygon'; points: readonly Point[] };

/** The signpost in unit coordinates (0..1 on both axes). */
const SIGNPOST: readonly Shape[] = [
  { kind: 'rect', x0: 0.46, y0: 0.1, x1: 0.54, y1: 0.9 },
  { kind: 'rect', x0: 0.3, y0: 0.86, x1: 0.7, y1: 0.94 },
  {
    kind: 'polygon',
    points: [
      [0.14, 0.16],
      [0.72, 0.16],
      [0.88, 0.29],
      [0.72, 0.42],
      [0.14, 0.42],
    ],
  },
  {
    kind: 'polygon',
    points: [
      [0.86, 0.5],
      [0.28, 0.5],
      [0.12, 0.63],
      [0.28, 0.76],
      [0.86, 0.76],
    ],
  },
];

function inPolygon(x: number, y: number, points: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as Point;
    const [xj, yj] = points[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inSignpost(x: number, y: number): boolean {
  return SIGNPOST.some((s) =>
    s.kind === 'rect' ? x >= s.x0 && x < s.x1 && y >= s.y0 && y < s.y1 : inPolygon(x, y, s.points),
  );
}

/** Coverage (0..1) of the signpost over one pixel, by 4x4 supersampling; `inset` is the margin around the glyph. */
function coverage(px: number, py: number, size: number, inset: number): number {
  const samples = 4;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const x = (px + (sx + 0.5) / samples) / size;
      const y = (py + (sy + 0.5) / samples) / size;
      const u = (x - inset) / (1 - 2 * inset);
      const v = (y - inset) / (1 - 2 * inset);
      if (u >= 0 && u <= 1 && v >= 0 && v <= 1 && inSignpost(u, v)) hits++;
    }
  }
  return hits / (samples * samples);
}

/** 192x192: white signpost on the accent colour, inside Teams' safe area. */
export function drawColorIcon(): Buffer {
  const png = new PNG({ width: COLOR_SIZE, height: COLOR_SIZE });
  for (let y = 0; y < COLOR_SIZE; y++) {
    for (let x = 0; x < COLOR_SIZE; x++) {
      const c = coverage(x, y, COLOR_SIZE, 0.2);
      const i = (y * COLOR_SIZE + x) * 4;
      png.data[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * c);
      png.data[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * c);
      png.data[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * c);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** 32x32: white signpost on a transparent background (only the alpha channel varies). */
export function drawOutlineIcon(): Buffer {
  const png = new PNG({ width: OUTLINE_SIZE, height: OUTLINE_SIZE });
  for (let y = 0; y < OUTLINE_SIZE; y++) {
    for (let x = 0; x < OUTLINE_SIZE; x++) {
      const i = (y * OUTLINE_SIZE + x) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * coverage(x, y, OUTLINE_SIZE, 0.03));
    }
  }
  return PNG.sync.write(png);
}

/**
 * Checks an icon file against Teams' rules; returns problems in plain words (empty = fine).
 * Colour: a PNG of 192x192. Outline: a PNG of 32x32 whose pixels are white or fully transparent
 * and whose border is transparent, with something visible in it.
 */
export function checkIcon(kind: 'color' | 'outline', file: string, bytes: Buffer): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (err) {
    return [`${file}: geen geldige PNG (${errorMessage(err)})`];
  }
  const size = kind === 'color' ? COLOR_SIZE : OUTLINE_SIZE;
  if (png.width !== size || png.height !== size) {
    return [
      `${file}: is ${png.width}x${png.height} pixels, moet ${size}x${size} zijn (${kind === 'color' ? 'kleurenicoon' : 'outline-icoon'})`,
    ];
  }
  if (kind === 'color') return [];
  const problems: string[] = [];
  let visible = 0;
  let notWhite = 0;
  let opaqueBorder = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const alpha = png.data[i + 3] ?? 0;
      if (alpha === 0) continue;
      visible++;
      if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) notWhite++;
      if (x === 0 || y === 0 || x === size - 1 || y === size - 1) opaqueBorder++;
    }
  }
  if (visible === 0) problems.push(`${file}: is helemaal doorzichtig`);
  if (visible === size * size) problems.push(`${file}: heeft geen doorzichtige achtergrond`);
  else if (opaqueBorder > size * 2)
    problems.push(`${file}: de rand moet grotendeels doorzichtig zijn (${opaqueBorder} zichtbare randpixels)`);
  if (notWhite > 0)
    problems.push(`${file}: ${notWhite} zichtbare pixels zijn niet wit; een outline-icoon is wit op doorzichtig`);
  return problems;
}
