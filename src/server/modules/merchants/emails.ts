import type { Locale } from '../../../common/locale.js';
import { composeEmail, type EmailMessage, type EmailTexts } from '../../platform/mail.js';

/** The merchants module's emails to applicants and shop owners, in their language. */
export function reviewDecisionEmail(
  to: string,
  locale: Locale,
  shop: string,
  decision: { approved: boolean; shopName: string; note: string; depositMinimum: string },
): EmailMessage {
  const texts: Record<Locale, EmailTexts> = decision.approved
    ? {
        'zh-CN': {
          subject: `【${shop}】开店申请已通过：${decision.shopName}`,
          lines: [
            `你的店铺“${decision.shopName}”已通过审核。`,
            `缴纳不少于 ${decision.depositMinimum} 的保证金后，店铺即可上架商品。`,
            ...(decision.note ? [`审核备注：${decision.note}`] : []),
          ],
        },
        en: {
          subject: `[${shop}] Your shop was approved: ${decision.shopName}`,
          lines: [
            `Your shop "${decision.shopName}" passed review.`,
            `Pay a deposit of at least ${decision.depositMinimum} and you can list goods.`,
            ...(decision.note ? [`Reviewer's note: ${decision.note}`] : []),
          ],
        },
      }
    : {
        'zh-CN': {
          subject: `【${shop}】开店申请未通过：${decision.shopName}`,
          lines: [
            `很抱歉，你的店铺“${decision.shopName}”未通过审核。`,
            `原因：${decision.note}`,
            '你可以修改资料后重新提交申请。',
          ],
        },
        en: {
          subject: `[${shop}] Your shop application was declined: ${decision.shopName}`,
          lines: [
            `Your application for "${decision.shopName}" was declined.`,
            `Reason: ${decision.note}`,
            'You may correct your details and apply again.',
          ],
        },
      };
  return composeEmail(to, texts[locale]);
}

export function shopStatusEmail(
  to: string,
  locale: Locale,
  shop: string,
  change: { shopName: string; suspended: boolean; reason: string },
): EmailMessage {
  const texts: Record<Locale, EmailTexts> = change.suspended
    ? {
        'zh-CN': {
          subject: `【${shop}】店铺已暂停营业：${change.shopName}`,
          lines: [
            `你的店铺“${change.shopName}”已被暂停。`,
            `原因：${change.reason}`,
            '如有异议，请联系平台客服申诉。',
          ],
        },
        en: {
          subject: `[${shop}] Your shop was suspended: ${change.shopName}`,
          lines: [
            `Your shop "${change.shopName}" was suspended.`,
            `Reason: ${change.reason}`,
            'If you disagree, contact support to appeal.',
          ],
        },
      }
    : {
        'zh-CN': {
          subject: `【${shop}】店铺已恢复营业：${change.shopName}`,
          lines: [`你的店铺“${change.shopName}”已恢复营业。`, `说明：${change.reason}`],
        },
        en: {
          subject: `[${shop}] Your shop is open again: ${change.shopName}`,
          lines: [`Your shop "${change.shopName}" is open again.`, `Note: ${change.reason}`],
        },
      };
  return composeEmail(to, texts[locale]);
}
