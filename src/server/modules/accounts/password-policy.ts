import { dictionary } from '@zxcvbn-ts/language-common';
import type { Locale } from '../../../common/locale.js';

/**
 * OWASP ASVS 5.0 §6.2: at least 8 and at most 128 characters, no composition rules, no periodic
 * rotation, refuse the most common passwords and ones built from the account's own name.
 * The list is zxcvbn's 49k most common passwords plus ones common in Chinese leaks (CSDN, 178, Tianya)
 * that the English-centric list misses.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const CHINESE_COMMON = [
  'woaini1314',
  'woaini520',
  'woaini123',
  'woaini521',
  'wo5201314',
  '5201314520',
  '52013145201314',
  '1314520520',
  '1314521521',
  'iloveyou1314',
  'aini1314',
  'aini1314520',
  'qq123456789',
  'qq5201314',
  'qq66666666',
  'qwe123456',
  'qwe123qwe',
  'a5201314',
  'abc5201314',
  'zxc123456',
  'asd123456',
  'wang123456',
  'li123456',
  'zhang123456',
  'chen123456',
  'liu123456',
  'xiaoming123',
  'dearbook',
  'xiazhili',
  'zz12369',
  'w123456789',
  'wangyut2',
  'huang123',
  'a147258369',
  '147258369',
  '147852369',
  '159357456',
  '789456123',
  '123456aa',
  '123456qq',
  '88888888a',
  'a88888888',
  '66668888',
  '168168168',
  '518518518',
  '888888888',
  '1234abcd',
  'abcd123456',
  'kameng123',
  'kameng888',
];

const COMMON = new Set<string>(
  [...dictionary['passwords-common'], ...CHINESE_COMMON].map((p) => p.toLowerCase()),
);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email_name';

export function checkPassword(password: string, email: string): PasswordProblem | null {
  // Count code points, not UTF-16 units: '密码' is 2 characters, an emoji is 1.
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  const lowered = password.toLowerCase();
  if (COMMON.has(lowered)) return 'too_common';
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  if (name.length >= 4 && lowered.includes(name)) return 'contains_email_name';
  return null;
}

const REASONS: Record<PasswordProblem, Record<Locale, string>> = {
  too_short: { 'zh-CN': `至少 ${PASSWORD_MIN} 个字符`, en: `use at least ${PASSWORD_MIN} characters` },
  too_long: { 'zh-CN': `最多 ${PASSWORD_MAX} 个字符`, en: `use at most ${PASSWORD_MAX} characters` },
  too_common: {
    'zh-CN': '这是最常见的密码之一，很容易被猜中',
    en: 'it is one of the most common passwords and easy to guess',
  },
  contains_email_name: { 'zh-CN': '不要包含邮箱用户名', en: 'do not include the name of your email' },
};

export function describePasswordProblem(problem: PasswordProblem, locale: Locale): string {
  return REASONS[problem][locale];
}
