import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../common/paths';
import { drawColorIcon, drawOutlineIcon } from './icons';

/** `npm run icons`: (re)draws manifest/color.png and manifest/outline.png. */
const dir = path.join(PROJECT_ROOT, 'manifest');
writeFileSync(path.join(dir, 'color.png'), drawColorIcon());
writeFileSync(path.join(dir, 'outline.png'), drawOutlineIcon());
process.stdout.write(`iconen geschreven in ${path.relative(process.cwd(), dir) || '.'}\n`);
