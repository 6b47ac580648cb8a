const TIMEOUT_MS = 15_000;
const MAX_ANSWER_CHARS = 64 * 1024;

/**
 * One server-to-server request to a provider; the answer's text. Redirects are refused (an answer must
 * come from the configured address itself), slow or huge answers are cut off, and errors name the call
 * (`label`) but never the URL or the request, which may carry a key.
 */
export async function requestProvider(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  label: string,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new Error(`${label}: unreachable`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
  if (text.length > MAX_ANSWER_CHARS) throw new Error(`${label}: answer too long`);
  return text;
}
