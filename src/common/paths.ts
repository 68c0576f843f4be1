import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root: the nearest folder above this file with a package.json (works from src/ and dist/src/). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');
export const CARDS_DIR = path.join(PROJECT_ROOT, 'cards');
