import { defineErrors } from '../../platform/errors.js';

export const accountsErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    title: 'Invalid email or password',
    message: { 'zh-CN': '邮箱或密码不正确。', en: 'Email or password is incorrect.' },
    when: 'Login with an unknown email or a wrong password (the two are indistinguishable on purpose).',
  },
  AUTH_LOGIN_THROTTLED: {
    status: 429,
    title: 'Too many failed logins',
    message: {
      'zh-CN': '登录失败次数过多，请在 {minutes} 分钟后重试。',
      en: 'Too many failed logins; try again in {minutes} minutes.',
    },
    when: 'Too many failed logins for this account or from this IP within the window. Retry-After gives the wait in seconds.',
  },
  AUTH_ACCOUNT_DISABLED: {
    status: 403,
    title: 'Account disabled',
    message: {
      'zh-CN': '该账户已被停用，请联系客服。',
      en: 'This account has been disabled; please contact support.',
    },
    when: 'Correct credentials for an account an admin has disabled.',
  },
  AUTH_PASSWORD_WEAK: {
    status: 400,
    title: 'Password not accepted',
    message: { 'zh-CN': '密码不符合要求：{reason}', en: 'Password not accepted: {reason}' },
    when: 'Registration or reset with a password shorter than 8 or longer than 128 characters, one of the most common passwords, or one containing the email name.',
  },
  AUTH_CODE_INVALID: {
    status: 400,
    title: 'Invalid or expired code',
    message: { 'zh-CN': '验证码错误或已过期。', en: 'The code is wrong or has expired.' },
    when: 'A verification or reset code that is wrong, expired, already used, or for an unknown request. `remainingAttempts` says how many tries are left.',
  },
  AUTH_CODE_ATTEMPTS_EXCEEDED: {
    status: 400,
    title: 'Too many wrong codes',
    message: {
      'zh-CN': '验证码错误次数过多，请重新获取验证码。',
      en: 'Too many wrong codes; request a new one.',
    },
    when: 'The fifth wrong code for one request: it is dead and a new request must be made.',
  },
  AUTH_RESEND_TOO_SOON: {
    status: 429,
    title: 'Code sent recently',
    message: {
      'zh-CN': '验证码刚刚发送过，请在 {seconds} 秒后重试。',
      en: 'A code was just sent; try again in {seconds} seconds.',
    },
    when: 'A resend within 60 seconds of the previous send. Retry-After gives the wait.',
  },
  AUTH_TOO_MANY_CODES: {
    status: 429,
    title: 'Too many codes requested',
    message: {
      'zh-CN': '该邮箱请求验证码过于频繁，请 {minutes} 分钟后再试。',
      en: 'Too many codes were requested for this email; try again in {minutes} minutes.',
    },
    when: 'More than 5 registration or reset requests for one email in an hour, or more than 5 sends of one code.',
  },
  AUTH_EMAIL_TAKEN: {
    status: 409,
    title: 'Email already registered',
    message: {
      'zh-CN': '该邮箱已注册，请直接登录或找回密码。',
      en: 'This email is already registered; sign in or reset the password.',
    },
    when: 'Completing a registration (with a valid code) for an email that became registered meanwhile.',
  },
  ACCOUNTS_USER_NOT_FOUND: {
    status: 404,
    title: 'User not found',
    message: { 'zh-CN': '找不到该用户。', en: 'No such user.' },
    when: 'An admin action names a user id that does not exist.',
  },
  ACCOUNTS_SELF_LOCKOUT: {
    status: 409,
    title: 'Cannot lock yourself out',
    message: {
      'zh-CN': '不能停用自己的账户或移除自己的管理员角色。',
      en: 'You cannot disable your own account or remove your own admin role.',
    },
    when: 'An admin tries to disable themself or drop their own admin role.',
  },
});
