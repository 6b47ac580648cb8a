import { z } from 'zod';
import type { Db } from './context.js';
import type { KeyRing } from './crypto.js';
import { publishAll } from './outbox.js';

/**
 * An email is rendered by the module that has something to say (it owns its words in both languages)
 * and leaves through the outbox: the notifications module's consumer hands it to SMTP after commit.
 */
export const EMAIL_TOPIC = 'email.send';

export const emailMessageSchema = z.object({
  to: z.email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1),
  html: z.string().optional(),
  /** Mail that carries a secret (a code) is sealed in the outbox and never logged in full. */
  containsSecret: z.boolean().default(false),
});
export type EmailMessage = z.input<typeof emailMessageSchema>;

export async function queueEmail(db: Db, now: Date, keys: KeyRing, message: EmailMessage): Promise<void> {
  await queueEmails(db, now, keys, [message]);
}

export async function queueEmails(
  db: Db,
  now: Date,
  keys: KeyRing,
  messages: readonly EmailMessage[],
): Promise<void> {
  await publishAll(
    db,
    now,
    keys,
    messages.map((message) => ({
      topic: EMAIL_TOPIC,
      payload: message,
      confidential: message.containsSecret === true,
    })),
  );
}

/** An email in one language: a subject and paragraphs, sent as text and as escaped HTML. */
export interface EmailTexts {
  subject: string;
  lines: string[];
}

export function composeEmail(to: string, texts: EmailTexts, containsSecret = false): EmailMessage {
  const text = `${texts.lines.join('\n\n')}\n`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.6">${texts.lines
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}</body></html>`;
  return { to, subject: texts.subject, text, html, containsSecret };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
