import type { ImageType } from '../../../common/api/chat.js';

/**
 * The image type of an upload, read from its first bytes (the "magic numbers" of each format), or null.
 * The Content-Type a client sends is never trusted: a PNG sent as image/jpeg is stored as PNG, and a text
 * file sent as image/png is refused. Served back with its stored type and `nosniff`, so no upload can
 * become a script or a page in the reader's browser.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const startsWith = (signature: readonly number[], offset = 0) =>
    bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);
  // PNG (ISO/IEC 15948 §5.2): 89 'PNG' CR LF SUB LF.
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // JPEG (ITU T.81 B.1.1.2): SOI marker FF D8, then the next marker's FF.
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // GIF: "GIF87a" or "GIF89a".
  if (startsWith(ascii('GIF87a')) || startsWith(ascii('GIF89a'))) return 'image/gif';
  // WebP (RFC 9649 §2.5): a RIFF container whose form type is "WEBP".
  if (startsWith(ascii('RIFF')) && startsWith(ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}
