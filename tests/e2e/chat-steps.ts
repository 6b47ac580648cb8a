import zlib from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The order chat in the browser tests: writing a message, a real picture to send, proof that it shows. */

/** A 48×32 orange PNG (RFC 2083: signature, IHDR, IDAT, IEND), so the thumbnail shows in screenshots. */
export function orangePng(width = 48, height = 32): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // truecolour RGB
  const row = Buffer.from([0, ...Array.from({ length: width }, () => [250, 140, 22]).flat()]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first chat image on the page has really loaded (the bytes came back as a decodable image). */
const FIRST_IMAGE_WIDTH = `(() => {
  const img = document.querySelector('[data-testid="chat-messages"] img');
  return img && img.complete ? img.naturalWidth : 0;
})()`;

export async function expectImageShown(page: Page): Promise<void> {
  await page.getByTestId('chat-messages').locator('img').first().waitFor();
  await expect.poll(() => page.evaluate<number>(FIRST_IMAGE_WIDTH)).toBe(48);
}

/**
 * Writes `text` (and attaches `image`, a path or the file itself) in the order chat inside `chat`, sends
 * it, and waits until the conversation shows it.
 */
export async function sendChatMessage(
  chat: Locator,
  text: string,
  image?: Parameters<Locator['setInputFiles']>[0],
): Promise<void> {
  await chat.getByTestId('chat-input').fill(text);
  if (image !== undefined) {
    await chat.getByTestId('chat-file').setInputFiles(image);
    await chat.getByTestId('chat-preview').waitFor();
  }
  await chat.getByTestId('chat-send').click();
  await chat.getByTestId('chat-body').filter({ hasText: text }).waitFor();
}
