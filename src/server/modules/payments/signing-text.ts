/**
 * What the epay family of protocols signs (epay, and the sandbox modelled on it): every parameter except
 * `sign` and `sign_type` whose value is not empty, sorted by name (byte order), written as `name=value`
 * joined with `&` — values as they are, not URL-encoded.
 */
export function sortedParamsText(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'sign' && name !== 'sign_type' && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}
