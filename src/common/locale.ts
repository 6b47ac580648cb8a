/** The languages Kameng speaks. zh-CN is the default: our users are Chinese first, English second. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** A user-facing text in every supported language; `{name}` marks a parameter. */
export type Localized = Readonly<Record<Locale, string>>;
export type MessageParams = Readonly<Record<string, string | number>>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the best supported locale from an Accept-Language header (RFC 9110 §12.5.4): the range with the
 * highest q-value that matches one of ours by primary subtag wins; ties keep header order.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.split(',').slice(0, 20)) {
    const [rangeRaw, ...paramsRaw] = part.trim().split(';');
    const range = rangeRaw?.trim().toLowerCase();
    if (!range) continue;
    let q = 1;
    for (const param of paramsRaw) {
      const [key, value] = param.trim().split('=');
      if (key === 'q' && value !== undefined) {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? parsed : 0;
      }
    }
    const locale = localeForRange(range);
    if (locale && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

function localeForRange(range: string): Locale | undefined {
  if (range === '*') return DEFAULT_LOCALE;
  const primary = range.split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function localize(text: Localized, locale: Locale, params?: MessageParams): string {
  return interpolate(text[locale], params);
}
