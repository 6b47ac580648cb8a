import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { EmailMessage } from '../../platform/mail.js';

/**
 * Where mail goes: an SMTP server when SMTP_URL is set; otherwise the log, so that a shop on a laptop
 * can still register users (the code appears in the console, marked as development mail).
 */
export interface Mailer {
  readonly kind: 'smtp' | 'log';
  send(message: EmailMessage & { messageId: string }): Promise<void>;
  close(): void;
}

export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  log: FastifyBaseLogger;
}): Mailer {
  if (!options.smtpUrl) return createLogMailer(options.log);
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    kind: 'smtp',
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
        messageId: message.messageId,
      });
    },
    close: () => transport.close(),
  };
}

function createLogMailer(log: FastifyBaseLogger): Mailer {
  return {
    kind: 'log',
    send(message) {
      // Development only (no SMTP_URL): the whole text is logged so the code can be read off the console.
      log.warn(
        { mail: { to: message.to, subject: message.subject } },
        `[dev mail: SMTP_URL not set] to ${message.to}\n${message.subject}\n${message.text}`,
      );
      return Promise.resolve();
    },
    close: () => undefined,
  };
}
