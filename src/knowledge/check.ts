import path from 'node:path';
import { KNOWLEDGE_DIR } from '../paths';
import { KnowledgeError, loadKnowledge } from './load';

/** `npm run knowledge:check [dir] [contacts-file]`: validates the knowledge files, exit 1 with a clear list when broken. */
const dir = path.resolve(process.argv[2] ?? process.env.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR);
const contacts = process.argv[3] ?? process.env.CONTACTS_FILE;
try {
  const k = loadKnowledge(dir, contacts ? path.resolve(contacts) : undefined);
  process.stdout.write(
    `Kennis in orde: ${k.options.length} opties in ${k.steps.length} stappen, ${k.documents.size} documenten, ${k.contactRoutes.size} contactroutes, ${k.sectors.length} sectoren, ${k.situations.length} situaties.\n`,
  );
} catch (err) {
  process.stderr.write(`${err instanceof KnowledgeError ? err.message : String(err)}\n`);
  process.exit(1);
}
