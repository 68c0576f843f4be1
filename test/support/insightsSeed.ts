import { SqliteInsightsStore } from '../../src/host/insightsStore';

/** The day the seeded report is made (its period ends here). */
export const SEED_NOW = new Date('2026-11-30T16:00:00Z');

/**
 * A store with nine weeks of made-up use (counts only, as the bot writes them), for the browser test
 * of the HTML report and the README's screenshot. Deterministic: the same file every time.
 */
export async function seedInsights(file: string): Promise<void> {
  let now = SEED_NOW;
  const store = new SqliteInsightsStore(file, { now: () => now });
  for (let d = 62; d >= 0; d--) {
    now = new Date(SEED_NOW.getTime() - d * 24 * 3600 * 1000);
    const weekday = now.getUTCDay() % 6 !== 0;
    const busy = weekday ? 3 + ((d * 7) % 5) : 1;
    const times = (n: number, run: () => void) => {
      for (let i = 0; i < n; i++) run();
    };
    times(busy * 2, () => store.count('intent', 'question:sure'));
    times(d % 3 === 0 ? 2 : 1, () => store.count('intent', 'question:unsure'));
    if (d % 4 === 0) store.count('intent', 'clarify');
    if (d % 5 === 0) store.count('intent', 'out-of-scope:stagevergoeding');
    if (d % 6 === 0) store.count('intent', 'out-of-scope:general');
    times(busy, () => store.count('intent', 'advice'));
    times(Math.ceil(busy / 2), () => store.count('intent', 'command:documents'));
    if (d % 2 === 0) store.count('intent', 'smalltalk:thanks');
    times(busy, () => {
      store.count('advice-card', '1');
      for (const key of ['1.3', '1.2', '1.4']) store.count('advised', key);
    });
    if (d % 3 === 0) {
      store.count('advice-card', '2');
      for (const key of ['2.3', '2.1', '2.5']) store.count('advised', key);
    }
    if (weekday) store.count('opened', d % 2 ? '1.3' : '2.3');
    if (d % 4 === 1) store.count('planned', '1.3');
    if (d % 7 === 2) store.count('planned', '2.3');
    if (d % 3 === 1) store.count('useful', '1.3', 'advice');
    if (d % 5 === 2) store.count('useful', 'doc:servicedocument', 'answer');
    if (d % 8 === 3) {
      store.count('not-useful', '1.4', 'advice');
      store.count('reason', '1.4', 'past-niet');
    }
    if (d % 11 === 4) {
      store.count('not-useful', '1.10', 'answer');
      store.count('reason', '1.10', 'te-algemeen');
    }
    if (d % 9 === 0) store.count('referral', 'sbb');
    if (d % 13 === 5) store.count('referral', 'mboraad');
    if (d % 10 === 0) store.text('unsure', '', 'kapsalon wil liever alleen in het weekend');
    if (d % 15 === 0) store.text('unsure', '', 'zaterdagen bij de bakker');
    if (d % 6 === 0) store.text('out-of-scope', 'general', 'hoe laat gaat de kantine open');
    if (d % 5 === 0) store.text('out-of-scope', 'stagevergoeding', 'hoeveel stagevergoeding krijgt een bol student');
    if (d % 11 === 4) store.text('not-useful', '1.10', 'wie helpt bij het vinden van een leerbedrijf');
  }
  await store.close();
}
