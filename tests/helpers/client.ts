/** The in-process API client (src/server/platform/http/inject-client.ts) under the name the tests use. */
export {
  InjectClient as TestClient,
  type InjectedResponse as TestResponse,
  type RequestOptions,
} from '../../src/server/platform/http/inject-client.js';
