import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { olderThanAYear, staleLinks } from '../src/knowledge/freshness';
import { KnowledgeError, loadKnowledge } from '../src/knowledge/load';
import { KNOWLEDGE_DIR, PROJECT_ROOT } from '../src/common/paths';
import { SEED_FILE } from './support/paths';

/** The bullets of sections 1 to 3 of the handreiking, keyed "section.bullet", lines joined. */
function seedBullets(): Map<string, string> {
  const text = readFileSync(SEED_FILE, 'utf8');
  const bullets = new Map<string, string>();
  let section = 0;
  let bullet = 0;
  let current: string | undefined;
  const flush = () => {
    if (current !== undefined && section > 0) bullets.set(`${section}.${bullet}`, current.replace(/\s+/g, ' ').trim());
    current = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const heading = /^([123])\.\s+\S/.exec(line);
    if (heading) {
      flush();
      section = Number(heading[1]);
      bullet = 0;
      continue;
    }
    if (section === 0) continue;
    if (line.startsWith('•')) {
      flush();
      bullet += 1;
      current = line.slice(1);
    } else if (current !== undefined && line !== '') {
      current += ` ${line}`;
    }
  }
  flush();
  return bullets;
}

function brokenCopy(edit: (dir: string) => void): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'bpv-knowledge-')), 'knowledge');
  cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

function issuesOf(dir: string, contacts?: string): string {
  try {
    loadKnowledge(dir, contacts);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return (err as Error).message;
  }
  throw new Error('expected the knowledge to be rejected');
}

describe('shipped knowledge', () => {
  const knowledge = loadKnowledge(KNOWLEDGE_DIR, path.join(KNOWLEDGE_DIR, 'contacts.example.yaml'));

  it('covers each of the 23 handreiking bullets exactly once, with the bullet quoted verbatim', () => {
    const bullets = seedBullets();
    expect(bullets.size).toBe(23);
    expect(knowledge.options.map((o) => o.key)).toEqual([...bullets.keys()]);
    for (const option of knowledge.options) expect(option.quote, option.key).toBe(bullets.get(option.key));
  });

  it('has the three steps in order and options in every step', () => {
    expect(knowledge.steps.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(knowledge.options.filter((o) => o.key.startsWith('1.'))).toHaveLength(11);
    expect(knowledge.options.filter((o) => o.key.startsWith('2.'))).toHaveLength(7);
    expect(knowledge.options.filter((o) => o.key.startsWith('3.'))).toHaveLength(5);
  });

  it('lists the five documents of "Meer weten?" with public https links and the servicedocument version', () => {
    expect([...knowledge.documents.keys()].sort()).toEqual([
      'actieplan',
      'diplomabesluit',
      'faq',
      'kennispunt',
      'servicedocument',
    ]);
    expect(knowledge.documents.get('servicedocument')?.version).toBe('4.0');
    expect(knowledge.documents.get('actieplan')?.url).toBe('https://www.s-bb.nl/actieplan-stages-en-leerbanen');
  });

  it('maps every sector to a bedrijfstakgroep and routes to the three contacts of "Vragen stellen of sparren?"', () => {
    expect(knowledge.sectors.map((s) => s.id)).toContain('entree');
    for (const sector of knowledge.sectors) expect(knowledge.btgs.has(sector.btg)).toBe(true);
    expect([...knowledge.contactRoutes.keys()].sort()).toEqual(['btg-overleg', 'mboraad', 'sbb']);
  });

  it('says how old the guidance is: autumn 2020, servicedocument 4.0 cited, 6.1 the last known', () => {
    const { notice } = knowledge;
    expect(notice.published).toMatch(/2020/);
    expect(notice.short).toMatch(/2020/);
    expect(notice.full).toMatch(/2020/);
    expect(notice.full).toContain('4.0');
    expect(notice.full).toContain('6.1');
    expect(notice.full).toMatch(/MBO Raad/);
    // The urennorm deviation, early completion, practice at school and simulation lean on corona-era room.
    expect([...notice.lapsedLeeway].sort()).toEqual(['1.6', '3.1', '3.2', '3.4']);
  });

  it('only uses placeholder people in the example deployment file', () => {
    const people = Object.values(knowledge.deploymentContacts.sectors).flatMap((routes) => Object.values(routes));
    for (const person of people) if (person.email) expect(person.email).toMatch(/@example\.(org|com|nl)$/);
  });
});

describe('links kept fresh: checkedOn', () => {
  const knowledge = loadKnowledge(KNOWLEDGE_DIR);

  it('every document and contact route carries the day its link was last checked', () => {
    for (const doc of knowledge.documents.values()) expect(doc.checkedOn, doc.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const route of knowledge.contactRoutes.values())
      expect(route.checkedOn, route.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a check is stale when it is more than a year old', () => {
    const today = new Date('2026-12-06T09:00:00Z');
    expect(olderThanAYear('2025-12-06', today)).toBe(false);
    expect(olderThanAYear('2025-12-05', today)).toBe(true);
    expect(olderThanAYear('2026-12-06', today)).toBe(false);
    expect(olderThanAYear('2020-09-01', today)).toBe(true);
  });

  it('names the stale links of the shipped knowledge, and none once they are checked', () => {
    const today = new Date('2026-12-06T09:00:00Z');
    const stale = staleLinks(knowledge, today);
    expect(stale.map((s) => `${s.file}:${s.entry}`)).toEqual([
      'documents.yaml:servicedocument',
      'documents.yaml:diplomabesluit',
      'documents.yaml:faq',
      'documents.yaml:actieplan',
    ]);
    const dir = brokenCopy((d) => {
      for (const file of ['documents.yaml', 'contacts.yaml']) {
        const full = path.join(d, file);
        writeFileSync(
          full,
          readFileSync(full, 'utf8').replace(/checkedOn: "\d{4}-\d{2}-\d{2}"/g, 'checkedOn: "2026-12-01"'),
        );
      }
    });
    expect(staleLinks(loadKnowledge(dir), today)).toEqual([]);
  });

  it('npm run knowledge:check warns about stale links with exit code 0, and fails on a date that does not exist', () => {
    const check = (dir: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'knowledge', 'check.ts'), dir], {
        encoding: 'utf8',
        cwd: PROJECT_ROOT,
      });
    const stale = brokenCopy((d) => {
      const file = path.join(d, 'contacts.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(/checkedOn: "\d{4}-\d{2}-\d{2}"/, 'checkedOn: "2001-01-01"'),
      );
    });
    const warned = check(stale);
    expect(warned.status).toBe(0);
    expect(warned.stdout).toContain('Kennis in orde');
    expect(warned.stderr).toContain('Waarschuwing');
    expect(warned.stderr).toContain(
      'knowledge/contacts.yaml @ mboraad: https://www.mboraad.nl/het-mbo/bedrijfstakgroepen (checkedOn 2001-01-01)',
    );
    const broken = brokenCopy((d) => {
      const file = path.join(d, 'documents.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(/checkedOn: "\d{4}-\d{2}-\d{2}"/, 'checkedOn: "2026-02-30"'),
      );
    });
    const failed = check(broken);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('knowledge/documents.yaml @ documents[0].checkedOn: die datum bestaat niet');
  });
});

describe('broken knowledge files', () => {
  it('names the file, the place and the problem for a schema error', () => {
    const dir = brokenCopy((d) => {
      const file = path.join(d, 'options.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('title: Stageperiodes spreiden over het schooljaar', 'title: ""'),
      );
    });
    const message = issuesOf(dir);
    expect(message).toContain('knowledge/options.yaml @ options[0].title: mag niet leeg zijn');
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = brokenCopy((d) =>
      writeFileSync(path.join(d, 'places.yaml'), 'places:\n  - id: geen\n    label: [unclosed\n'),
    );
    expect(issuesOf(dir)).toMatch(/knowledge\/places\.yaml @ regel \d+, kolom \d+: geen geldige YAML/);
  });

  it('reports a key written twice (a copy-paste slip) instead of silently keeping one', () => {
    const dir = brokenCopy((d) =>
      writeFileSync(path.join(d, 'places.yaml'), 'places:\n  - id: geen\n    id: weinig\n    label: Geen plekken\n'),
    );
    expect(issuesOf(dir)).toContain(
      'knowledge/places.yaml @ regel 3, kolom 5: geen geldige YAML (duplicated mapping key)',
    );
  });

  it('keeps a date-like value as the text in the file', () => {
    const dir = brokenCopy((d) => {
      const file = path.join(d, 'documents.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/version: .*/, 'version: 2020-10-15'));
    });
    const documents = [...loadKnowledge(dir).documents.values()];
    expect(documents.some((doc) => doc.version === '2020-10-15')).toBe(true);
  });

  it('reports a missing file', () => {
    const dir = brokenCopy((d) => writeFileSync(path.join(d, 'documents.yaml'), ''));
    expect(issuesOf(dir)).toContain('knowledge/documents.yaml');
  });

  it('reports a reference to a situation that does not exist', () => {
    const dir = brokenCopy((d) => {
      const file = path.join(d, 'options.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'situations: [leerdoelen-behaald-uren-niet]',
          'situations: [leerdoelen-bijna-behaald]',
        ),
      );
    });
    expect(issuesOf(dir)).toMatch(
      /knowledge\/options\.yaml @ options\[\d+\]\.fit\[\d+\]\.when\.situations\[0\]: onbekende situatie "leerdoelen-bijna-behaald"/,
    );
  });

  it('reports a notice that points at an option that does not exist', () => {
    const dir = brokenCopy((d) => {
      const file = path.join(d, 'notice.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"3.4"]', '"3.9"]'));
    });
    expect(issuesOf(dir)).toContain('knowledge/notice.yaml @ notice.lapsedLeeway[3]: onbekende oplossing "3.9"');
  });

  it('reports a duplicated option key', () => {
    const dir = brokenCopy((d) => {
      const file = path.join(d, 'options.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('key: "1.2"', 'key: "1.1"'));
    });
    expect(issuesOf(dir)).toContain('"1.1" staat er meer dan één keer in');
  });

  it('rejects a deployment contacts file with an unknown sector or a bad e-mail address', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bpv-contacts-')), 'contacts.yaml');
    writeFileSync(file, 'sectors:\n  kappers:\n    sbb: { name: "X" }\n  zws:\n    mboraad: { email: "geen-adres" }\n');
    const message = issuesOf(KNOWLEDGE_DIR, file);
    expect(message).toContain('sectors.zws.mboraad.email');
    const ok = path.join(path.dirname(file), 'ok.yaml');
    writeFileSync(ok, 'sectors:\n  kappers:\n    sbb: { name: "X" }\n');
    expect(issuesOf(KNOWLEDGE_DIR, ok)).toContain('onbekende sector "kappers"');
  });
});
