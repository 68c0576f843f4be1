import { type CountMetric, type CountRow, MAX_TEXTS_PER_DAY, type TextKind, type TextRow } from './model';
import { countable, storedText } from './store';

/** Distinct rows held in memory at most while they cannot be written; what comes on top is dropped (and said). */
export const MAX_PENDING_ROWS = 10_000;

export function countId(row: Pick<CountRow, 'day' | 'metric' | 'key' | 'detail'>): string {
  return `c\u0000${row.day}\u0000${row.metric}\u0000${row.key}\u0000${row.detail}`;
}

export function textId(row: Pick<TextRow, 'day' | 'kind' | 'key' | 'text'>): string {
  return `t\u0000${row.day}\u0000${row.kind}\u0000${row.key}\u0000${row.text}`;
}

/**
 * Counts of one instance not yet written, per day and key. The privacy rules are applied here, for
 * both stores: keys must be short and plain, texts are normalised and scrubbed (src/domain/feedback.ts),
 * at most MAX_TEXTS_PER_DAY distinct texts a day, and memory is bounded.
 */
export class PendingRows {
  private readonly counts = new Map<string, CountRow>();
  private readonly texts = new Map<string, TextRow>();
  private textDay = '';
  private readonly textsOfDay = new Set<string>();
  private dropped = 0;

  constructor(private readonly today: () => string) {}

  count(metric: CountMetric, key: string, detail = ''): void {
    if (!countable(key) || !countable(detail)) return;
    const row = { day: this.today(), metric, key, detail, n: 1 };
    const id = countId(row);
    const seen = this.counts.get(id);
    if (seen) seen.n += 1;
    else if (this.counts.size + this.texts.size < MAX_PENDING_ROWS) this.counts.set(id, row);
    else this.dropped += 1;
  }

  text(kind: TextKind, key: string, raw: string): void {
    if (!countable(key)) return;
    const text = storedText(raw);
    if (!text) return;
    const row = { day: this.today(), kind, key, text, n: 1 };
    const id = textId(row);
    if (row.day !== this.textDay) {
      this.textDay = row.day;
      this.textsOfDay.clear();
    }
    if (!this.textsOfDay.has(id) && this.textsOfDay.size >= MAX_TEXTS_PER_DAY) {
      this.dropped += 1;
      return;
    }
    const seen = this.texts.get(id);
    if (seen) seen.n += 1;
    else if (this.counts.size + this.texts.size < MAX_PENDING_ROWS) this.texts.set(id, row);
    else {
      this.dropped += 1;
      return;
    }
    this.textsOfDay.add(id);
  }

  empty(): boolean {
    return this.counts.size === 0 && this.texts.size === 0;
  }

  /** Copies of the pending rows (the write may fail: then they stay). */
  peek(): { counts: CountRow[]; texts: TextRow[] } {
    return {
      counts: [...this.counts.values()].map((r) => ({ ...r })),
      texts: [...this.texts.values()].map((r) => ({ ...r })),
    };
  }

  clear(): void {
    this.counts.clear();
    this.texts.clear();
    this.dropped = 0;
  }

  size(): { rows: number; dropped: number } {
    return { rows: this.counts.size + this.texts.size, dropped: this.dropped };
  }
}
