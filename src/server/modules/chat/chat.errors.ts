import { defineErrors } from '../../platform/errors.js';

export const chatErrors = defineErrors({
  CHAT_ORDER_NOT_FOUND: {
    status: 404,
    title: 'Order not found',
    message: { 'zh-CN': '订单不存在。', en: 'No such order.' },
    when: 'A chat route names an order that does not exist or is not the caller’s (another buyer’s order, another shop’s order).',
  },
  CHAT_MESSAGE_EMPTY: {
    status: 400,
    title: 'Empty message',
    message: { 'zh-CN': '请输入消息内容或添加图片。', en: 'Write something or attach an image.' },
    when: 'A message has no text (after trimming spaces) and no image.',
  },
  CHAT_ATTACHMENT_NOT_FOUND: {
    status: 404,
    title: 'Image not found',
    message: { 'zh-CN': '图片不存在。', en: 'No such image.' },
    when: 'An image id does not exist or belongs to another order; or a message names an image the author did not upload.',
  },
  CHAT_ATTACHMENT_ALREADY_SENT: {
    status: 409,
    title: 'Image already sent',
    message: { 'zh-CN': '这张图片已经发送过了。', en: 'This image was already sent.' },
    when: 'A message names an image that another message already carries.',
  },
  CHAT_ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    title: 'Not an allowed image',
    message: {
      'zh-CN': '只能发送 PNG、JPEG、WebP 或 GIF 图片。',
      en: 'Only PNG, JPEG, WebP or GIF images can be sent.',
    },
    when: 'An upload’s bytes are not a PNG, JPEG, WebP or GIF image, whatever its Content-Type says (the type is read from the file’s first bytes).',
  },
  CHAT_ATTACHMENT_TOO_LARGE: {
    status: 413,
    title: 'Image too large',
    message: { 'zh-CN': '图片不能超过 {maxMiB} MB。', en: 'Images can be at most {maxMiB} MB.' },
    when: 'An upload is larger than 4 MiB.',
  },
  CHAT_RATE_LIMITED: {
    status: 429,
    title: 'Too many messages',
    message: {
      'zh-CN': '发送过于频繁，请 {minutes} 分钟后再试。',
      en: 'You are sending too fast; try again in {minutes} minutes.',
    },
    when: 'One author sent 30 messages, or uploaded 10 images, on one order in the last 10 minutes. Retry-After says when to retry.',
  },
});
