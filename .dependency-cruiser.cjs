/**
 * Import rules, checked by `npm run lint` (dependency-cruiser). See README, "How the folders fit together".
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-circle',
      comment: 'No import circle between folders: each folder builds on the ones below it (README).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-core',
      comment:
        'The core (knowledge, text helpers, domain, search, understanding, cards, insights) imports nothing of Bot Framework ' +
        'or the web server: a move to the Microsoft 365 Agents SDK touches only dialogs/, src/teams, src/host and the wiring.',
      severity: 'error',
      from: { path: '^src/(knowledge|common|domain|search|understanding|cards|insights)/' },
      to: { path: '(^|/)node_modules/(botbuilder[^/]*|botframework-[^/]+|restify|@microsoft/teams-js)/' },
    },
    {
      name: 'core-stays-below-the-edge',
      comment: 'The core never imports the edge (dialogs, Teams handlers, host, tab, CLIs, the wiring).',
      severity: 'error',
      from: { path: '^src/(knowledge|common|domain|search|understanding|cards|insights)/' },
      to: { path: '^(dialogs/|src/(teams|host|tab|cli)/|src/[^/]+\\.ts$)' },
    },
    {
      name: 'product-code-stays-apart-from-tests',
      comment: 'Nothing the bot runs imports tests or the benchmark.',
      severity: 'error',
      from: { path: '^(src|dialogs)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
