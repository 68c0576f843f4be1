import path from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths';

/** shared/ sits beside the project (as in CI): the handreiking and the eval set. */
export const SHARED_DIR = process.env.BPV_SHARED_DIR ?? path.join(PROJECT_ROOT, '..', 'shared');
export const SEED_FILE = path.join(SHARED_DIR, 'seed', 'handreiking-bpv-corona.txt');
