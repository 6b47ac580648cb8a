import type { Locale } from '../../../common/locale.js';

/**
 * Each language is named in itself (中文, English), the convention for language pickers: a reader who
 * cannot read the current language must still find their own. So these names are not translated.
 */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  'zh-CN': '中文',
  en: 'English',
};
