import { localize, type Locale, type Localized, type MessageParams } from '../../common/locale.js';

/**
 * Why money moved, in words: every ledger transfer stores a reason *code* and its parameters, and each
 * reader sees it in their own language (ARCHITECTURE.md "i18n"). Modules declare the codes they post
 * with; app.ts joins them, refusing duplicates. An unknown code is shown as itself, never hidden.
 */
export type ReasonCatalogue = Readonly<Record<string, Localized>>;

export function defineReasons<const T extends Record<string, Localized>>(reasons: T): T {
  for (const code of Object.keys(reasons)) {
    if (!/^[a-z][a-z0-9_.]{0,63}$/.test(code))
      throw new Error(`reason code ${code} must be lower_snake_case`);
  }
  return reasons;
}

export function mergeReasons(...catalogues: ReasonCatalogue[]): ReasonCatalogue {
  const merged: Record<string, Localized> = {};
  for (const catalogue of catalogues) {
    for (const [code, text] of Object.entries(catalogue)) {
      if (merged[code]) throw new Error(`reason code ${code} is defined twice`);
      merged[code] = text;
    }
  }
  return Object.freeze(merged);
}

export function renderReason(
  catalogue: ReasonCatalogue,
  code: string,
  params: MessageParams,
  locale: Locale,
): string {
  const text = catalogue[code];
  return text ? localize(text, locale, params) : code;
}
