import { randomBytes } from 'node:crypto';
import { TestClient } from '../helpers/client.js';
import type { CommerceHost } from '../helpers/commerce.js';
import { seedUser, type Kameng } from './harness.js';

/**
 * The commerce shorthands of tests/helpers/commerce.ts (openShop, listCardKeyProduct, fundWallet …)
 * against the browser tests' real server: API calls go in-process through the same Fastify instance the
 * browser talks to over HTTP, so a shop set up here is the shop the browser sees.
 */
export function commerceHost(kameng: Kameng): CommerceHost {
  const { server } = kameng;
  return {
    client: () => new TestClient(server.kameng.app),
    database: { handle: server.database, dialect: server.database.dialect },
    async seedUser(input) {
      const password = input.password ?? `pw-${randomBytes(8).toString('hex')}`;
      const account = {
        email: input.email,
        password,
        displayName: input.displayName ?? input.email.split('@')[0]!,
        roles: input.roles ?? ['buyer'],
      };
      return { id: await seedUser(kameng, account), email: input.email, password };
    },
  };
}
