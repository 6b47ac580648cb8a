import type { Locale } from '../../../common/locale.js';
import { composeEmail, type EmailMessage, type EmailTexts } from '../../platform/mail.js';

/** The accounts module's emails, in the recipient's language. Codes are the only secret they carry. */
type Texts = EmailTexts;

function compose(to: string, texts: Texts, containsSecret: boolean): EmailMessage {
  return composeEmail(to, texts, containsSecret);
}

export function verificationCodeEmail(
  to: string,
  locale: Locale,
  shop: string,
  code: string,
  minutes: number,
): EmailMessage {
  const texts: Record<Locale, Texts> = {
    'zh-CN': {
      subject: `【${shop}】注册验证码 ${code}`,
      lines: [
        `你的注册验证码是：${code}`,
        `验证码 ${minutes} 分钟内有效，只能使用一次。请勿把验证码告诉任何人，客服不会向你索要验证码。`,
        '如果这不是你本人的操作，请忽略本邮件，你的邮箱不会被注册。',
      ],
    },
    en: {
      subject: `[${shop}] Your sign-up code ${code}`,
      lines: [
        `Your sign-up code is: ${code}`,
        `It is valid for ${minutes} minutes and can be used once. Never share it: our support will never ask for it.`,
        'If you did not try to sign up, ignore this email and nothing will be registered.',
      ],
    },
  };
  return compose(to, texts[locale], true);
}

export function alreadyRegisteredEmail(to: string, locale: Locale, shop: string): EmailMessage {
  const texts: Record<Locale, Texts> = {
    'zh-CN': {
      subject: `【${shop}】有人尝试用你的邮箱注册`,
      lines: [
        '有人刚刚尝试用这个邮箱注册新账户，但该邮箱已经注册过了。',
        '如果是你本人，请直接登录；忘记密码可以在登录页找回。',
        '如果不是你，你的账户依然安全，无需任何操作。',
      ],
    },
    en: {
      subject: `[${shop}] Someone tried to sign up with your email`,
      lines: [
        'Someone just tried to create an account with this email, but it is already registered.',
        'If it was you, simply sign in; if you forgot the password, reset it from the sign-in page.',
        'If it was not you, your account is still safe and you need not do anything.',
      ],
    },
  };
  return compose(to, texts[locale], false);
}

export function passwordResetCodeEmail(
  to: string,
  locale: Locale,
  shop: string,
  code: string,
  minutes: number,
): EmailMessage {
  const texts: Record<Locale, Texts> = {
    'zh-CN': {
      subject: `【${shop}】重置密码验证码 ${code}`,
      lines: [
        `你正在重置密码，验证码是：${code}`,
        `验证码 ${minutes} 分钟内有效。请勿把验证码告诉任何人。`,
        '如果这不是你本人的操作，请忽略本邮件，你的密码不会改变。',
      ],
    },
    en: {
      subject: `[${shop}] Password reset code ${code}`,
      lines: [
        `Your password reset code is: ${code}`,
        `It is valid for ${minutes} minutes. Never share it with anyone.`,
        'If you did not ask to reset your password, ignore this email and nothing will change.',
      ],
    },
  };
  return compose(to, texts[locale], true);
}

export function passwordChangedEmail(to: string, locale: Locale, shop: string, at: string): EmailMessage {
  const texts: Record<Locale, Texts> = {
    'zh-CN': {
      subject: `【${shop}】你的密码已修改`,
      lines: [
        `你的账户密码已于 ${at}（UTC）修改，所有设备上的登录都已退出。`,
        '如果这不是你本人的操作，请立即找回密码并联系客服。',
      ],
    },
    en: {
      subject: `[${shop}] Your password was changed`,
      lines: [
        `Your password was changed at ${at} (UTC) and every signed-in device was signed out.`,
        'If this was not you, reset your password at once and contact support.',
      ],
    },
  };
  return compose(to, texts[locale], false);
}
