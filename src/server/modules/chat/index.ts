import type { KamengModule } from '../../platform/module.js';
import { chatErrors } from './chat.errors.js';
import { registerChatRoutes } from './chat.routes.js';

/**
 * Order chat (issue 5): buyer ↔ shop messages and images on each order, append-only and kept, readable
 * by support; the shop's median first-response time.
 */
export const chatModule: KamengModule = {
  name: 'chat',
  errors: chatErrors,
  registerRoutes: registerChatRoutes,
};

export type { ChatTables } from './chat.tables.js';
export { merchantResponseStats } from './response-stats.js';
