const TIMEOUT_MS = 15_000;
const MAX_ANSWER_CHARS = 64 * 1024;

/** A provider's answer as it came: status, headers (WeChat Pay signs its answers in them) and text. */
export interface ProviderAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One server-to-server request to a provider; the answer whatever its status. Redirects are refused (an
 * answer must come from the configured address itself), slow or huge answers are cut off, and errors name
 * the call (`label`) but never the URL or the request, which may carry a key.
 */
export async function exchangeWithProvider(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  label: string,
): Promise<ProviderAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new Error(`${label}: unreachable`);
  }
  const text = await response.text();
  if (text.length > MAX_ANSWER_CHARS) throw new Error(`${label}: answer too long`);
  return { status: response.status, headers: response.headers, text };
}

/** One server-to-server request whose answer must be a success (2xx): its text. */
export async function requestProvider(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  label: string,
): Promise<string> {
  const answer = await exchangeWithProvider(url, init, label);
  if (answer.status < 200 || answer.status > 299) throw new Error(`${label}: HTTP ${answer.status}`);
  return answer.text;
}
