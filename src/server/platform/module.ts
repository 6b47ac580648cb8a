import type { ServiceContext } from './context.js';
import type { ErrorCatalogue } from './errors.js';
import type { ApiInstance } from './http/api.js';
import type { JobDefinition, RecurringJob } from './jobs.js';
import type { ReasonCatalogue } from './reasons.js';

/**
 * What a module contributes to the application. app.ts composes the list in src/server/modules.ts:
 * error codes, routes, job handlers (outbox consumers included) and recurring jobs.
 */
export interface KamengModule {
  readonly name: string;
  readonly errors?: ErrorCatalogue;
  /** Ledger reason codes the module posts with, in every language. */
  readonly reasons?: ReasonCatalogue;
  registerRoutes?(app: ApiInstance, ctx: ServiceContext): void;
  readonly jobs?: readonly JobDefinition[];
  readonly recurringJobs?: readonly RecurringJob[];
}
