import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../../common/locale.js';
import { en } from './en.js';
import { zhCN, type Translation } from './zh-CN.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}

const STORAGE_KEY = 'kameng.locale';

/** The language this browser chose earlier, or null if it never chose one. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    // Storage can be unavailable (private mode, blocked cookies): fall back to the default.
    return null;
  }
}

export function initI18n(): typeof i18next {
  const lng = storedLocale() ?? DEFAULT_LOCALE;
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: DEFAULT_LOCALE,
    // Resources are bundled, so initialising synchronously avoids a first render without texts.
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return i18next;
}

export function currentLocale(): Locale {
  const language = i18next.resolvedLanguage ?? i18next.language;
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

export async function switchLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted, but the switch still applies to this page.
  }
  document.documentElement.lang = locale;
  await i18next.changeLanguage(locale);
}
