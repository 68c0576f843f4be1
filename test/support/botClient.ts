import { randomUUID } from 'node:crypto';
import type { FakeConnector } from './fakeConnector';

export interface ActivityLike {
  type: string;
  [key: string]: unknown;
}

/** Sends activities to the bot's /api/messages as Teams would, with replies going to the fake connector. */
export class BotClient {
  readonly conversationId: string;
  readonly userId: string;

  constructor(
    private readonly botUrl: string,
    private readonly connector: FakeConnector,
    options: { conversationId?: string; userId?: string; conversationType?: string } = {},
  ) {
    this.conversationId = options.conversationId ?? `conv-${randomUUID()}`;
    this.userId = options.userId ?? `user-${randomUUID()}`;
    this.conversationType = options.conversationType ?? 'personal';
  }

  private readonly conversationType: string;

  activity(partial: Partial<ActivityLike> & { type: string }): ActivityLike {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: this.userId, name: 'Coördinator', aadObjectId: this.userId },
      recipient: { id: 'bot-id', name: 'Bpv-wegwijzer' },
      conversation: { id: this.conversationId, conversationType: this.conversationType, tenantId: 'tenant' },
      channelData: { tenant: { id: 'tenant' } },
      locale: 'nl-NL',
      ...partial,
    };
  }

  async post(
    activity: ActivityLike | string,
    contentType = 'application/json',
  ): Promise<{ status: number; body: string }> {
    const res = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
    });
    return { status: res.status, body: await res.text() };
  }

  /** Sends a message and waits until the bot has posted at least `replies` activities for it. */
  async say(text: string, replies = 1): Promise<Array<Record<string, unknown>>> {
    const from = this.connector.calls.length;
    const res = await this.post(this.activity({ type: 'message', text }));
    if (res.status !== 200) throw new Error(`bot answered ${res.status}: ${res.body}`);
    await this.connector.waitFor(() => this.connector.sent(from).length >= replies);
    return this.connector.sent(from);
  }

  /** Action.Submit: a message whose value carries the verb and data. */
  async submit(
    verb: string,
    data: Record<string, unknown> = {},
    replyToId = 'card-1',
  ): Promise<{ status: number; sent: Array<Record<string, unknown>> }> {
    const from = this.connector.calls.length;
    const res = await this.post(this.activity({ type: 'message', value: { ...data, verb }, replyToId }));
    return { status: res.status, sent: this.connector.sent(from) };
  }

  /** Action.Execute: an adaptiveCard/action invoke; returns the invoke response body. */
  async execute(
    verb: string,
    data: Record<string, unknown> = {},
  ): Promise<{ status: number; body: Record<string, unknown>; sent: Array<Record<string, unknown>> }> {
    const from = this.connector.calls.length;
    const res = await this.post(
      this.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    return {
      status: res.status,
      body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {},
      sent: this.connector.sent(from),
    };
  }
}

/** The adaptive card content of an activity the bot sent, if any. */
export function cardOf(activity: { attachments?: unknown } | undefined): Record<string, unknown> | undefined {
  const attachments = activity?.attachments as
    Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All TextBlock texts of a card, joined: what a person reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.text === 'string') out.push(n.text);
      if (typeof n.title === 'string') out.push(n.title);
      if (typeof n.value === 'string' && n.type === 'Fact') out.push(n.value);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** Every action on a card, in the body's ActionSets and at the bottom: what a person can press. */
export function cardActions(
  card: unknown,
): Array<{ type: string; title?: string; verb?: string; url?: string; data?: Record<string, unknown> }> {
  const out: Array<{ type: string; title?: string; verb?: string; url?: string; data?: Record<string, unknown> }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n as (typeof out)[number]);
      for (const [key, value] of Object.entries(n)) if (key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return out;
}
