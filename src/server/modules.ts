import type { ErrorCatalogue } from './platform/errors.js';
import type { ReasonCatalogue } from './platform/reasons.js';
import type { Metrics } from './platform/http/metrics.js';
import type { KamengModule } from './platform/module.js';
import { accountsModule } from './modules/accounts/index.js';
import { createLedgerModule } from './modules/ledger/index.js';
import { merchantsModule } from './modules/merchants/index.js';
import { catalogModule } from './modules/catalog/index.js';
import { createPaymentsModule } from './modules/payments/index.js';
import { createOrdersModule, orderPaymentHandler } from './modules/orders/index.js';
import { disputesModule } from './modules/disputes/index.js';
import { creditModule } from './modules/credit/index.js';
import { payoutsModule } from './modules/payouts/index.js';
import { chatModule } from './modules/chat/index.js';
import { createNotificationsModule, type Mailer } from './modules/notifications/index.js';
import { createSystemModule } from './modules/system/index.js';

/** The application's modules, in registration order. A new module is one line here. */
export function createModules(deps: {
  mailer: Mailer;
  metrics: Metrics;
  catalogue: () => ErrorCatalogue;
  reasons: () => ReasonCatalogue;
  checkpointEveryMs: number;
  startedAt: Date;
}): KamengModule[] {
  return [
    createSystemModule({ metrics: deps.metrics, catalogue: deps.catalogue, startedAt: deps.startedAt }),
    accountsModule,
    createLedgerModule({ reasons: deps.reasons, checkpointEveryMs: deps.checkpointEveryMs }),
    merchantsModule,
    catalogModule,
    createPaymentsModule({ handlers: { order: orderPaymentHandler } }),
    createOrdersModule({
      onBuyNowBatch: (size, outcome) => deps.metrics.buyNowBatches.observe({ outcome }, size),
    }),
    disputesModule,
    creditModule,
    payoutsModule,
    chatModule,
    createNotificationsModule(deps.mailer),
  ];
}
