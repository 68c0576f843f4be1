import path from 'node:path';
import { KNOWLEDGE_DIR } from '../common/paths';
import { staleLinks } from './freshness';
import { KnowledgeError, loadKnowledge } from './load';

/**
 * `npm run knowledge:check [dir] [contacts-file]`: validates the knowledge files, exit 1 with a clear list
 * when broken. Links last checked more than a year ago are a warning (exit 0): open them and update `checkedOn`.
 */
const dir = path.resolve(process.argv[2] ?? process.env.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR);
const contacts = process.argv[3] ?? process.env.CONTACTS_FILE;
try {
  const k = loadKnowledge(dir, contacts ? path.resolve(contacts) : undefined);
  process.stdout.write(
    `Kennis in orde: ${k.options.length} opties in ${k.steps.length} stappen, ${k.documents.size} documenten, ${k.contactRoutes.size} contactroutes, ${k.sectors.length} sectoren, ${k.situations.length} situaties.\n`,
  );
  const stale = staleLinks(k, new Date());
  if (stale.length > 0) {
    const lines = stale.map(
      (s) => `- ${path.join(path.basename(dir), s.file)} @ ${s.entry}: ${s.url} (checkedOn ${s.checkedOn})`,
    );
    process.stderr.write(
      `Waarschuwing: ${stale.length} link${stale.length === 1 ? ' is' : 's zijn'} meer dan een jaar niet nagekeken:\n${lines.join('\n')}\n` +
        'Open elke link. Gaat hij naar de goede pagina, zet dan de datum van vandaag bij checkedOn; zo niet, pas de link aan.\n',
    );
  }
} catch (err) {
  process.stderr.write(`${err instanceof KnowledgeError ? err.message : String(err)}\n`);
  process.exit(1);
}
