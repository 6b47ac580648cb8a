import type { Translation } from '../zh-CN.js';

export const chatEn: Translation['chat'] = {
  titleBuyer: 'Talk to the shop',
  titleMerchant: 'Talk to the buyer',
  titleStaff: 'Order conversation',
  hint: 'Keep the conversation here: it is kept and cannot be edited, and support reads it if there is a dispute.',
  hintStaff: 'You read and write as support; every read is recorded in the audit log.',
  empty: 'No messages yet.',
  authors: {
    me: 'Me',
    buyer: 'Buyer',
    merchant: 'Shop',
    agent: 'Support',
    admin: 'Platform admin',
    system: 'System',
  },
  placeholder: 'Write a message (Ctrl+Enter sends)',
  send: 'Send',
  addImage: 'Image',
  removeImage: 'Remove image',
  imageTooLarge: 'Images can be at most {{max}} MB.',
  imageWrongType: 'Only PNG, JPEG, WebP or GIF images can be sent.',
  imageAlt: 'Chat image',
  loadNewer: 'Load more messages',
  inbox: {
    title: 'Messages',
    awaiting: 'Awaiting your reply',
    others: 'Other conversations',
    empty: 'No buyer has written yet.',
    image: '[image]',
    order: 'Order {{id}}',
  },
  responseTime: {
    value: 'Usually replies within {{time}}',
    none: 'No questions asked yet',
    basis:
      'Median over {{count}} questions in the last 90 days; unanswered ones count as long as they waited (up to 72 h)',
    minutes: '{{count}} min',
    hours: '{{count}} h',
    lessThanMinute: 'a minute',
  },
};
