import { errorMessage } from '../../src/common/errors';
import { runBot } from '../../src/process';

/**
 * The bot as its own process, as src/index.ts runs it, with the one thing production never sets: the
 * signing keys of incoming tokens come from a local stand-in for Bot Framework's OpenID metadata
 * (TEST_OPENID_METADATA_URL), so that tokens signed with the test's own keys can be checked offline.
 */
runBot(process.env, { openIdMetadataUrl: process.env.TEST_OPENID_METADATA_URL }).catch((err: unknown) => {
  process.stderr.write(`${errorMessage(err)}\n`);
  process.exit(1);
});
