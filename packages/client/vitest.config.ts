import { configDefaults, defineProject } from 'vitest/config';

// The packed-client test installs the tarball and runs it against a server on embedded
// defaults; it never touches PostgreSQL or Redis, so CI's services pass (TEST_DATABASE_URL set)
// leaves it out rather than repeat it.
// (Node loads this file itself, before vitest: it cannot import @chatbot/config's TypeScript.)
// eslint-disable-next-line no-restricted-properties -- see above
const servicesPass = Boolean(process.env.TEST_DATABASE_URL?.trim());

export default defineProject({
  test: {
    name: 'client',
    exclude: servicesPass ? [...configDefaults.exclude, 'test/**'] : configDefaults.exclude,
  },
});
