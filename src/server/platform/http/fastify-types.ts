import type { Locale } from '../../../common/locale.js';
import type { Access } from './access.js';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: every /api route declares it, or the app refuses to start. */
    access?: Access;
    /** False only for routes called by machines that cannot hold a CSRF token (provider callbacks). */
    csrf?: boolean;
  }

  interface FastifyRequest {
    /** The language of this response, from Accept-Language (zh-CN by default). */
    locale: Locale;
    /** The authenticated caller, or null. Set before the route's access is checked. */
    principal: Principal | null;
    /** The CSRF token this caller must echo in X-CSRF-Token (also set as the kameng_csrf cookie). */
    csrfToken: string;
  }
}
