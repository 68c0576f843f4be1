import { hash } from 'node:crypto';
import { odata, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { StorageUnwritableError } from './storage';
import {
  COUNT_METRICS,
  type CountRow,
  dayOf,
  type InsightsData,
  MAX_TEXT_ROWS,
  addDays,
  retentionCutoff,
  sumCounts,
  sumTexts,
  TEXT_KINDS,
  type TextKind,
  type TextRow,
} from '../insights/model';
import { countId, MAX_PENDING_ROWS, PendingRows, textId } from '../insights/pending';
import { INSIGHTS_FLUSH_MS, type InsightsStore, type InsightsStoreOptions, newInstanceId } from '../insights/store';

/** One row as the Table service keeps it: the day is the partition, the instance starts the row key. */
type Row = { kind: 'c'; row: CountRow } | { kind: 't'; row: TextRow };

interface StoredEntity {
  [property: string]: unknown;
  partitionKey: string;
  rowKey: string;
  t: 'c' | 't';
  instance: string;
  metric?: string;
  kind?: string;
  key: string;
  detail?: string;
  text?: string;
  n: number;
}

/** A row read back: what another instance (or a person with the account key) wrote is checked, not trusted. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const n = z.number().int().nonnegative();
const EntitySchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('c'),
    partitionKey: z.string().regex(DAY),
    instance: z.string(),
    metric: z.enum(COUNT_METRICS),
    key: z.string(),
    detail: z.string(),
    n,
  }),
  z.object({
    t: z.literal('t'),
    partitionKey: z.string().regex(DAY),
    instance: z.string(),
    kind: z.enum(TEXT_KINDS),
    key: z.string(),
    text: z.string(),
    n,
  }),
]);

/** The Table service takes at most 100 changes to one partition in one transaction. */
const BATCH = 100;

/**
 * Insights in Azure Table storage, for STORAGE=blob: every instance of the bot writes to the same table
 * in the same storage account, so a report counts all of them.
 *
 * Each instance (a random id per process, tied to no user) writes only its own rows: per day (the
 * partition) and key it keeps its running total in memory and writes that absolute total (an upsert
 * that replaces). Instances never write the same row, so they never overwrite each other and never
 * need a lock or an eTag; a read sums the rows of all instances. A write that fails or is repeated
 * writes the same total again: nothing is counted twice, nothing is lost while the process lives.
 * A restarted process is a new instance with rows of its own.
 */
export class TableInsightsStore implements InsightsStore {
  readonly instanceId = newInstanceId();
  private readonly client: TableClient;
  private readonly pending: PendingRows;
  /** This instance's totals per row, and which of them still have to be written. */
  private readonly totals = new Map<string, Row>();
  private readonly dirty = new Set<string>();
  private dropped = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly retentionDays: number;
  private readonly now: () => Date;
  private tableReady?: Promise<void>;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    connectionString: string,
    private readonly table: string,
    private readonly options: InsightsStoreOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 90;
    this.now = options.now ?? (() => new Date());
    this.pending = new PendingRows(() => dayOf(this.now()));
    // Azurite (and only a local emulator) is reached over plain http.
    const insecure = /UseDevelopmentStorage=true|TableEndpoint=http:\/\/|DefaultEndpointsProtocol=http;/i.test(
      connectionString,
    );
    this.client = TableClient.fromConnectionString(connectionString, table, {
      allowInsecureConnection: insecure,
      retryOptions: { maxRetries: 2 },
    });
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) => options.onFlushError?.(err, this.kept()));
    }, options.flushMs ?? INSIGHTS_FLUSH_MS);
    this.timer.unref();
  }

  private kept(): { rows: number; dropped: number } {
    return { rows: this.dirty.size + this.pending.size().rows, dropped: this.dropped + this.pending.size().dropped };
  }

  private ensureTable(): Promise<void> {
    this.tableReady ??= this.client.createTable().catch((err: unknown) => {
      this.tableReady = undefined;
      throw err;
    });
    return this.tableReady;
  }

  count(metric: CountRow['metric'], key: string, detail = ''): void {
    this.pending.count(metric, key, detail);
  }

  text(kind: TextKind, key: string, text: string): void {
    this.pending.text(kind, key, text);
  }

  /** Adds what was counted to this instance's totals and writes every total that changed (one at a time). */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writeDirty());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async writeDirty(): Promise<void> {
    this.merge();
    if (this.dirty.size === 0) return;
    await this.ensureTable();
    const byDay = new Map<string, string[]>();
    for (const id of this.dirty) {
      const row = this.totals.get(id);
      if (!row) continue;
      byDay.set(row.row.day, [...(byDay.get(row.row.day) ?? []), id]);
    }
    for (const ids of byDay.values()) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const chunk = ids.slice(i, i + BATCH);
        const actions: TransactionAction[] = chunk.flatMap((id) => {
          const row = this.totals.get(id);
          return row ? [['upsert', this.entityOf(row), 'Replace'] as TransactionAction] : [];
        });
        await this.client.submitTransaction(actions);
        for (const id of chunk) this.dirty.delete(id);
      }
    }
    // Totals of days that are over and written are no longer needed in memory.
    const yesterday = addDays(dayOf(this.now()), -1);
    for (const [id, row] of this.totals) if (row.row.day < yesterday && !this.dirty.has(id)) this.totals.delete(id);
  }

  private merge(): void {
    if (this.pending.empty()) return;
    const { counts, texts } = this.pending.peek();
    this.dropped += this.pending.size().dropped;
    this.pending.clear();
    const add = (id: string, row: Row) => {
      const seen = this.totals.get(id);
      if (seen) seen.row.n += row.row.n;
      else if (this.totals.size < MAX_PENDING_ROWS) this.totals.set(id, row);
      else {
        this.dropped += row.row.n;
        return;
      }
      this.dirty.add(id);
    };
    for (const row of counts) add(countId(row), { kind: 'c', row });
    for (const row of texts) add(textId(row), { kind: 't', row });
  }

  private entityOf(row: Row): StoredEntity {
    const base = { partitionKey: row.row.day, instance: this.instanceId, key: row.row.key, n: row.row.n };
    if (row.kind === 'c') {
      const { metric, key, detail } = row.row;
      return { ...base, rowKey: this.rowKey('c', [metric, key, detail]), t: 'c', metric, detail };
    }
    const { kind, key, text } = row.row;
    return { ...base, rowKey: this.rowKey('t', [kind, key, text]), t: 't', kind, text };
  }

  /** "<instance>-c-<hash>": row keys may not hold "/", "#", "?" or control characters, texts may. */
  private rowKey(type: 'c' | 't', parts: string[]): string {
    return `${this.instanceId}-${type}-${hash('sha256', parts.join('\u0000'), 'base64url').slice(0, 24)}`;
  }

  async checkWritable(): Promise<void> {
    try {
      await this.ensureTable();
      // A row outside the day partitions (a read from fromDay on never sees it), rewritten at each start.
      await this.client.upsertEntity(
        { partitionKey: 'health', rowKey: this.instanceId, at: this.now().toISOString() },
        'Replace',
      );
      await this.client.deleteEntity('health', this.instanceId);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StorageUnwritableError(
        `De tabel met inzichten kan niet beschreven worden: ${this.table} (${reason}). Controleer BLOB_CONNECTION_STRING en ` +
          `INSIGHTS_TABLE. / The insights table cannot be written: ${this.table} (${reason}). Check BLOB_CONNECTION_STRING and INSIGHTS_TABLE.`,
      );
    }
  }

  private async list(filter: string, select?: string[]): Promise<StoredEntity[]> {
    await this.ensureTable();
    const out: StoredEntity[] = [];
    const entities = this.client.listEntities<TableEntity<StoredEntity>>({
      queryOptions: { filter, ...(select ? { select } : {}) },
    });
    for await (const entity of entities) out.push(entity);
    return out;
  }

  private async deleteAll(entities: readonly Pick<StoredEntity, 'partitionKey' | 'rowKey'>[]): Promise<number> {
    const byDay = new Map<string, Array<Pick<StoredEntity, 'partitionKey' | 'rowKey'>>>();
    for (const e of entities) byDay.set(e.partitionKey, [...(byDay.get(e.partitionKey) ?? []), e]);
    let removed = 0;
    for (const rows of byDay.values()) {
      for (let i = 0; i < rows.length; i += BATCH) {
        const chunk = rows.slice(i, i + BATCH);
        await this.client.submitTransaction(
          chunk.map((e) => ['delete', { partitionKey: e.partitionKey, rowKey: e.rowKey }] as TransactionAction),
        );
        removed += chunk.length;
      }
    }
    return removed;
  }

  /** Deletes every instance's rows of days before the retention, then the rarest, oldest texts above the cap. */
  async purgeExpired(): Promise<number> {
    await this.flush();
    const cutoff = retentionCutoff(this.now(), this.retentionDays);
    const expired = await this.list(odata`PartitionKey lt ${cutoff} and PartitionKey ne 'health'`, [
      'PartitionKey',
      'RowKey',
    ]);
    let removed = await this.deleteAll(expired);
    const texts = await this.list(odata`t eq 't'`, ['PartitionKey', 'RowKey', 'n']);
    if (texts.length > MAX_TEXT_ROWS) {
      texts.sort((a, b) => a.n - b.n || a.partitionKey.localeCompare(b.partitionKey));
      const gone = texts.slice(0, texts.length - MAX_TEXT_ROWS);
      removed += await this.deleteAll(gone);
      // This instance's own totals of those rows start again from zero if they are counted again.
      const goneKeys = new Set(gone.map((e) => e.rowKey));
      for (const [id, row] of this.totals) if (goneKeys.has(this.entityOf(row).rowKey)) this.totals.delete(id);
    }
    return removed;
  }

  async read(fromDay = '0000-00-00'): Promise<InsightsData> {
    await this.flush();
    const rows = await this.list(odata`PartitionKey ge ${fromDay} and PartitionKey lt ${'9999'}`);
    const counts: CountRow[] = [];
    const texts: TextRow[] = [];
    const instances = new Set<string>();
    for (const raw of rows) {
      const parsed = EntitySchema.safeParse(raw);
      if (!parsed.success) continue;
      const e = parsed.data;
      instances.add(e.instance);
      if (e.t === 'c') counts.push({ day: e.partitionKey, metric: e.metric, key: e.key, detail: e.detail, n: e.n });
      else texts.push({ day: e.partitionKey, kind: e.kind, key: e.key, text: e.text, n: e.n });
    }
    return { counts: sumCounts(counts), texts: sumTexts(texts), instances: instances.size };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch((err: unknown) => this.options.onFlushError?.(err, this.kept()));
  }
}
