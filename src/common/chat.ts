/**
 * Order chat limits and names (issue 5), without zod so the web app can import them: the server checks
 * every limit itself; the web app only pre-checks to save a round trip.
 */
export const MESSAGE_MAX_CHARS = 2_000;
export const IMAGE_MAX_BYTES = 4 * 1024 * 1024;
/** Types decided from the file's first bytes, never from the Content-Type a client claims. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export const AUTHOR_TYPES = ['buyer', 'merchant', 'agent', 'admin', 'system'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

export function isImageType(value: string): value is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(value);
}
