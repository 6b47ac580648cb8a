import { emailMessageSchema, EMAIL_TOPIC } from '../../platform/mail.js';
import { NonRetryableJobError } from '../../platform/jobs.js';
import type { KamengModule } from '../../platform/module.js';
import { defineConsumer } from '../../platform/outbox.js';
import type { Mailer } from './mailer.js';

/**
 * Notifications consume outbox events and talk to the outside world. Today: email. The inbox and merchant
 * webhooks (PRODUCT.md P9) join here as further consumers.
 */
export function createNotificationsModule(mailer: Mailer): KamengModule {
  return {
    name: 'notifications',
    jobs: [
      defineConsumer(EMAIL_TOPIC, async (ctx, payload) => {
        const parsed = emailMessageSchema.safeParse(payload);
        if (!parsed.success) throw new NonRetryableJobError('malformed email event');
        // The job id as Message-ID: if a crash makes us send twice, clients can fold the duplicates.
        await mailer.send({ ...parsed.data, messageId: `<${ctx.job.id}@kameng>` });
      }),
    ],
  };
}

export { createMailer, type Mailer } from './mailer.js';
