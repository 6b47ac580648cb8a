import Fastify from 'fastify';
import { loadConfig } from '../src/server/config.js';
import { startServer } from '../src/server/main.js';

/**
 * The server side of the flash-sale benchmark, in its own process so that the load generator does not
 * share its event loop: `kameng` serves the shop on the data dir given; `hello` serves the baseline
 * Fastify hello-world route. Prints `{"url": …}` once listening; stops on SIGTERM.
 */
const mode = process.argv[2];
if (mode === 'hello') {
  const app = Fastify();
  app.get('/hello', () => ({ hello: 'world' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ url }));
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
} else {
  const server = await startServer({
    config: loadConfig({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      KAMENG_LOG_LEVEL: 'warn',
      KAMENG_JOBS: 'false',
      KAMENG_RATE_LIMIT_PER_MINUTE: '100000000',
    }),
    demo: false,
  });
  console.log(JSON.stringify({ url: server.url }));
  process.on('SIGTERM', () => void server.shutdown('bench end').then(() => process.exit(0)));
}
