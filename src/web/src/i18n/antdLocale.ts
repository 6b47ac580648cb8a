import type { Locale as AntdLocale } from 'antd/es/locale';
// The ES modules: `antd/locale/*` are CommonJS, which the bundle imports as `{ default: locale }`.
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { Locale } from '../../../common/locale.js';

/**
 * Ant Design's texts in our languages. Its date picker takes weekday and month names from dayjs's
 * locale data, which is antd's dependency rather than ours and loads English only: without these names
 * the Chinese calendar would read "Su Mo Tu" and "Nov".
 */
const zhCNCalendar: AntdLocale = {
  ...zhCN,
  ...(zhCN.DatePicker && {
    DatePicker: {
      ...zhCN.DatePicker,
      lang: {
        ...zhCN.DatePicker.lang,
        shortWeekDays: ['日', '一', '二', '三', '四', '五', '六'],
        shortMonths: Array.from({ length: 12 }, (_, index) => `${index + 1}月`),
      },
    },
  }),
};

export const ANTD_LOCALES: Readonly<Record<Locale, AntdLocale>> = { 'zh-CN': zhCNCalendar, en: enUS };
