import { errorMessage } from './common/errors';
import { runBot } from './process';

/** The entry point (`npm start`, `npm run dev`): the bot with this process's environment. */
runBot(process.env).catch((err: unknown) => {
  // Config, knowledge and storage errors are written for people: print them without a stack.
  process.stderr.write(`${errorMessage(err)}\n`);
  process.exit(1);
});
