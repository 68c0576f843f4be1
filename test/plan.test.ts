import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addOption,
  createPlan,
  emptyPlans,
  exportPlanText,
  MAX_NOTE,
  NoteSchema,
  PlanNameSchema,
  selectPlan,
  setNote,
  setStatus,
} from '../src/domain/plan';
import { readProfile } from '../src/domain/profile';
import { parseCardAction } from '../src/cards/actions';
import { type BotApp } from '../src/app';
import { FakeConnector } from './support/fakeConnector';
import { BotClient, cardOf, cardText } from './support/botClient';
import { startBot } from './support/startBot';

describe('plan operations (domain)', () => {
  it('adds options to a first plan, refuses duplicates and keeps the order', () => {
    let r = addOption(emptyPlans(), '1.3');
    expect(r.result).toBe('added');
    expect(r.plan?.name).toBe('Mijn bpv-plan');
    r = addOption(r.plans, '2.1');
    r = addOption(r.plans, '1.3');
    expect(r.result).toBe('exists');
    expect(r.plans.plans[0]?.items.map((i) => i.key)).toEqual(['1.3', '2.1']);
    expect(r.plans.plans[0]?.items.every((i) => i.status === 'te-doen')).toBe(true);
  });

  it('changes status and note of one item only', () => {
    const { plans } = addOption(addOption(emptyPlans(), '1.1').plans, '1.2');
    const id = plans.active;
    const s = setStatus(plans, id, '1.2', 'bezig');
    const n = setNote(s.plans, id, '1.2', 'Afspraak met SBB staat');
    expect(n.plan?.items).toEqual([
      { key: '1.1', status: 'te-doen', note: '' },
      { key: '1.2', status: 'bezig', note: 'Afspraak met SBB staat' },
    ]);
    expect(setStatus(plans, id, '3.5', 'gedaan').result).toBe('unknown');
  });

  it('keeps several named plans; adding goes to the active one', () => {
    let plans = createPlan(emptyPlans(), 'Verpleegkunde bbl 2026').plans;
    plans = addOption(plans, '1.1').plans;
    const second = createPlan(plans, 'Kok bol niveau 2');
    expect(second.result).toBe('created');
    plans = addOption(second.plans, '3.1').plans;
    expect(plans.plans.map((p) => [p.name, p.items.map((i) => i.key)])).toEqual([
      ['Verpleegkunde bbl 2026', ['1.1']],
      ['Kok bol niveau 2', ['3.1']],
    ]);
    const first = plans.plans[0]!;
    expect(selectPlan(plans, first.id).plans.active).toBe(first.id);
    expect(createPlan(plans, 'kok BOL niveau 2').result).toBe('exists');
  });

  it('exports plain text grouped by status with titles, keys and notes', () => {
    let { plans } = addOption(addOption(addOption(emptyPlans(), '1.1').plans, '1.3').plans, '3.2');
    const id = plans.active;
    plans = setStatus(plans, id, '1.3', 'gedaan').plans;
    plans = setNote(setStatus(plans, id, '3.2', 'bezig').plans, id, '3.2', 'Overleg met examencommissie').plans;
    const titles: Record<string, string> = { '1.1': 'Spreiden', '1.3': 'Twee op één plek', '3.2': 'Urennorm' };
    const text = exportPlanText(plans.plans[0]!, (k) => titles[k], { situation: 'Zorg · te weinig plekken' });
    expect(text).toContain('Mijn bpv-plan\nSituatie: Zorg · te weinig plekken');
    expect(text.indexOf('Bezig:')).toBeLessThan(text.indexOf('Te doen:'));
    expect(text.indexOf('Te doen:')).toBeLessThan(text.indexOf('Gedaan:'));
    expect(text).toContain('- Urennorm (handreiking 3.2)\n  Notitie: Overleg met examencommissie');
    expect(text).not.toMatch(/[<>*_]/);
  });

  it('loads an older stored profile without plans, with an empty plan list', () => {
    const old = {
      version: 1,
      intake: { sector: 'zws', situations: ['te-weinig'], detailsDone: true },
      lastStep: 2,
      welcomed: true,
    };
    const { profile, reset } = readProfile(old);
    expect(reset).toBe(false);
    expect(profile.intake.sector).toBe('zws');
    expect(profile.plans).toEqual({ active: '', plans: [] });
  });

  it('validates card data: status values, note length, plan name', () => {
    expect(parseCardAction('plan.status', { planId: 'p1', key: '1.1', status: 'bezig' }).ok).toBe(true);
    expect(parseCardAction('plan.status', { planId: 'p1', key: '1.1', status: 'klaar' }).ok).toBe(false);
    expect(parseCardAction('plan.note', { planId: 'p1', key: '1.1', note: 'x'.repeat(MAX_NOTE) }).ok).toBe(true);
    expect(parseCardAction('plan.note', { planId: 'p1', key: '1.1', note: 'x'.repeat(MAX_NOTE + 1) }).ok).toBe(false);
    expect(parseCardAction('plan.new', { name: '   ' }).ok).toBe(false);
    expect(parseCardAction('plan.add', { key: '../etc' }).ok).toBe(false);
  });
});

/** Bidi controls and other invisible format characters (issue 15, finding 5.5). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

describe('plan texts without bidi controls (issue 15, finding 5.5)', () => {
  it('strips bidi controls and zero-width characters from plan names and notes, keeps emoji whole', () => {
    expect(PlanNameSchema.parse('cohort \u202Efdp.exe\u202C \u200B2026')).toBe('cohort fdp.exe 2026');
    expect(PlanNameSchema.safeParse('\u202E\u200B').success).toBe(false);
    expect(NoteSchema.parse('\u2066Bel\u2069 SBB \u200F👩\u200D💻')).toBe('Bel SBB 👩\u200D💻');
    // 280 letters with a combining accent are 280 letters (composed), not 560 code units.
    expect(NoteSchema.parse('e\u0301'.repeat(MAX_NOTE))).toBe('é'.repeat(MAX_NOTE));
    expect(parseCardAction('plan.note', { planId: 'p1', key: '1.1', note: 'e\u0301'.repeat(MAX_NOTE) }).ok).toBe(true);
  });

  it('cleans plans stored before, and the plain-text export', () => {
    const stored = {
      version: 1,
      intake: { situations: [] },
      plans: {
        active: 'p1',
        plans: [
          {
            id: 'p1',
            name: 'cohort \u202Efdp.exe\u202C',
            items: [{ key: '1.1', status: 'bezig', note: 'zie \u202Etxt.exe' }],
          },
        ],
      },
    };
    const { profile, reset } = readProfile(stored);
    expect(reset).toBe(false);
    const plan = profile.plans.plans[0]!;
    expect(plan.name).toBe('cohort fdp.exe');
    expect(plan.items[0]?.note).toBe('zie txt.exe');
    const onlyBidi = readProfile({
      ...stored,
      plans: { active: 'p1', plans: [{ ...stored.plans.plans[0], name: '\u202E' }] },
    });
    expect(onlyBidi.reset).toBe(false);
    expect(onlyBidi.profile.plans.plans[0]?.name).toBe('Mijn bpv-plan');
    const text = exportPlanText(
      { id: 'p9', name: 'a\u202Eb', items: [{ key: '1.1', status: 'te-doen', note: 'c\u2067d' }] },
      () => 'Titel\u200B',
    );
    expect(text).not.toMatch(INVISIBLE);
    expect(text).toContain('ab\n');
  });
});

describe('mijn bpv-plan over HTTP', () => {
  const connector = new FakeConnector();
  let bot: { app: BotApp; url: string };

  beforeAll(async () => {
    await connector.start();
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.app.stop();
    await connector.stop();
  });

  it('adds from cards, changes status in place, keeps a note, exports and switches plans', async () => {
    const client = new BotClient(bot.url, connector);

    const none = await client.say('mijn plan');
    expect(none[0]?.text).toMatch(/nog geen plan/);

    // "Zet in mijn plan" on an advice card (Action.Execute) and a detail card (Action.Submit).
    const added = await client.execute('plan.add', { key: '1.3' });
    expect(added.status).toBe(200);
    await connector.waitFor(() =>
      connector.sent().some((a) => String(a.text).includes('Twee studenten op één stageplek')),
    );
    const again = await client.submit('plan.add', { key: '1.3' });
    expect(again.sent.map((a) => a.text).join()).toMatch(/stond al in "Mijn bpv-plan"/);
    await client.submit('plan.add', { key: '3.2' });

    const shown = await client.say('mijn plan');
    const card = cardOf(shown[0]);
    const text = cardText(card);
    expect(text).toContain('Mijn bpv-plan');
    expect(text).toContain('Twee studenten op één stageplek');
    expect(text).toContain('Afwijken van de urennorm voor bpv en bot');
    expect(text).toContain('2 oplossingen: 2 te doen.');

    // Status change by Action.Execute: the invoke response is the updated plan card.
    const status = await client.execute('plan.status', { planId: 'p1', key: '3.2', status: 'bezig' });
    const updated = (status.body as { value: unknown }).value;
    expect(status.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(updated)).toContain('Status: bezig · handreiking 3.2');
    expect(cardText(updated)).toContain('1 te doen, 1 bezig');
    // The message names the option by its title, not its key (issue 14, review minor point).
    expect(cardText(updated)).toContain('"Afwijken van de urennorm voor bpv en bot" staat nu op "bezig".');

    // Same by Action.Submit: the pressed card's message is updated (PUT).
    const before = connector.calls.length;
    const submitted = await client.submit('plan.status', { planId: 'p1', key: '1.3', status: 'gedaan' }, 'plan-card-1');
    expect(submitted.status).toBe(200);
    const puts = connector.updates(before);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.path).toContain('/activities/plan-card-1');
    expect(cardText(cardOf(puts[0]?.body))).toContain('Status: gedaan · handreiking 1.3');

    // Note: edit card, then save; the plan card shows the note.
    const edit = await client.execute('plan.edit', { planId: 'p1', key: '3.2' });
    expect(cardText((edit.body as { value: unknown }).value)).toContain('Bewaar notitie');
    const saved = await client.execute('plan.note', { planId: 'p1', key: '3.2', note: 'Examencommissie op 12 mei' });
    expect(cardText((saved.body as { value: unknown }).value)).toContain('Notitie: Examencommissie op 12 mei');
    const tooLong = await client.execute('plan.note', { planId: 'p1', key: '3.2', note: 'x'.repeat(400) });
    expect(JSON.stringify(tooLong.body)).toContain('kan ik niet');

    // Export as plain text.
    const exported = await client.say('exporteer plan', 2);
    const plain = exported.find((a) => a.textFormat === 'plain');
    expect(plain?.text).toContain(
      'Bezig:\n- Afwijken van de urennorm voor bpv en bot (handreiking 3.2)\n  Notitie: Examencommissie op 12 mei',
    );
    expect(plain?.text).toContain('Gedaan:\n- Twee studenten op één stageplek (handreiking 1.3)');
    // The source line dates the guidance and says its rules may have lapsed (issue 14).
    expect(plain?.text).toMatch(
      /Bron: Handreiking beroepspraktijkvorming in tijden van corona \(MBO Raad en SBB, najaar 2020\)\. Let op: .*2020/,
    );

    // A second, named plan becomes active; adding goes there; both are reachable.
    const created = await client.say('nieuw plan Kok bol niveau 2');
    expect(cardText(cardOf(created[0]))).toContain('Plan "Kok bol niveau 2" gemaakt');
    await client.submit('plan.add', { key: '1.1' });
    const second = cardText(cardOf((await client.say('mijn plan'))[0]));
    expect(second).toContain('Kok bol niveau 2');
    expect(second).toContain('Stageperiodes spreiden over het schooljaar');
    expect(second).not.toContain('Twee studenten op één stageplek');
    expect(second).toContain('Mijn bpv-plan'); // the other plan, as a button
    const back = await client.execute('plan.select', { planId: 'p1' });
    expect(cardText((back.body as { value: unknown }).value)).toContain('Twee studenten op één stageplek');
    const removed = await client.execute('plan.remove', { planId: 'p1', key: '1.3' });
    expect(cardText((removed.body as { value: unknown }).value)).toContain(
      '"Twee studenten op één stageplek" is uit het plan gehaald.',
    );
  });

  it('shows and exports a plan name and note typed with bidi controls without them', async () => {
    const client = new BotClient(bot.url, connector);
    const created = await client.execute('plan.new', { name: 'cohort \u202Efdp.exe\u202C \u200B2026' });
    const card = JSON.stringify((created.body as { value: unknown }).value);
    expect(card).toContain('cohort fdp.exe 2026');
    expect(card).not.toMatch(INVISIBLE);
    await client.submit('plan.add', { key: '1.1' });
    await client.execute('plan.note', {
      planId: 'p1',
      key: '1.1',
      note: '\u202E${$root} [klik](https://evil.example) e\u0301',
    });
    const exported = await client.say('exporteer plan', 2);
    const plain = String(exported.find((a) => a.textFormat === 'plain')?.text);
    expect(plain.startsWith('cohort fdp.exe 2026\n')).toBe(true);
    expect(plain).toContain('Notitie: ${$root} [klik](https://evil.example) é');
    expect(plain).not.toMatch(INVISIBLE);
  });
});
