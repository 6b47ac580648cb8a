import { defineErrors } from '../../platform/errors.js';

export const ledgerErrors = defineErrors({
  LEDGER_INVALID_TRANSFER: {
    status: 400,
    title: 'Malformed transfer',
    message: { 'zh-CN': '转账请求格式错误：{problem}', en: 'Malformed transfer: {problem}' },
    when: 'A transfer has a bad id, no legs, a zero or non-integer amount, the same account twice, or too many legs. A programming error: nothing is recorded.',
  },
  LEDGER_IDEMPOTENCY_CONFLICT: {
    status: 409,
    title: 'Transfer id reused with a different request',
    message: {
      'zh-CN': '该交易编号已用于另一笔不同的请求。',
      en: 'This transfer id was already used for a different request.',
    },
    when: 'A transfer id (the idempotency key) arrives again with a different body. The same id with the same body returns the first result instead.',
  },
  LEDGER_INSUFFICIENT_FUNDS: {
    status: 409,
    title: 'Insufficient funds',
    message: { 'zh-CN': '可用余额不足。', en: 'The available balance is not enough.' },
    when: 'A transfer or hold would take an account that may not go negative below zero (holds count against the available balance).',
  },
  LEDGER_ACCOUNT_NOT_FOUND: {
    status: 404,
    title: 'Ledger account not found',
    message: { 'zh-CN': '账户不存在。', en: 'No such ledger account.' },
    when: 'A transfer names an account that has not been opened, or a statement asks for an account that is not the caller’s.',
  },
  LEDGER_UNBALANCED: {
    status: 409,
    title: 'Transfer does not balance',
    message: { 'zh-CN': '转账各方金额之和不为零。', en: 'The legs of the transfer do not sum to zero.' },
    when: 'The legs of a transfer do not sum to zero in each currency.',
  },
  LEDGER_HOLD_NOT_FOUND: {
    status: 404,
    title: 'Hold not found',
    message: { 'zh-CN': '找不到该冻结。', en: 'No such hold.' },
    when: 'A post, void or expiry names a transfer that is not an accepted hold.',
  },
  LEDGER_HOLD_RESOLVED: {
    status: 409,
    title: 'Hold already resolved',
    message: { 'zh-CN': '该冻结已经处理过。', en: 'The hold was already posted, voided or expired.' },
    when: 'A second post, void or expiry of one hold.',
  },
  LEDGER_HOLD_EXPIRED: {
    status: 409,
    title: 'Hold expired',
    message: { 'zh-CN': '该冻结已过期。', en: 'The hold has expired.' },
    when: 'Posting a hold after its expiry time.',
  },
  LEDGER_HOLD_NOT_EXPIRED: {
    status: 409,
    title: 'Hold not expired',
    message: { 'zh-CN': '该冻结尚未到期。', en: 'The hold has not expired yet.' },
    when: 'An expiry of a hold before its expiry time (or of a hold without one).',
  },
  LEDGER_POST_EXCEEDS_HOLD: {
    status: 409,
    title: 'Post exceeds hold',
    message: {
      'zh-CN': '入账金额超出冻结金额。',
      en: 'The posted amounts exceed the held amounts.',
    },
    when: 'A partial post names an account the hold did not, a different direction, or more than was held.',
  },
  LEDGER_CHECKPOINT_INCONSISTENT: {
    status: 500,
    title: 'Ledger log inconsistent',
    message: {
      'zh-CN': '账本日志与上一个检查点不一致，已停止发布新的检查点。',
      en: 'The ledger log is inconsistent with the previous checkpoint; no new checkpoint is published.',
    },
    when: 'The checkpoint job finds that the log no longer extends the previous checkpoint (history was rewritten). An alarm, never a client error.',
  },
  LEDGER_NO_CHECKPOINT: {
    status: 404,
    title: 'No checkpoint yet',
    message: { 'zh-CN': '尚未生成账本检查点。', en: 'No ledger checkpoint has been published yet.' },
    when: 'Asking for the latest checkpoint or a proof before the first checkpoint exists.',
  },
});

/** Business refusals that are recorded under the transfer id, so a retry gets the same answer. */
export const REJECTIONS = {
  insufficient_funds: ledgerErrors.LEDGER_INSUFFICIENT_FUNDS,
  account_not_found: ledgerErrors.LEDGER_ACCOUNT_NOT_FOUND,
  unbalanced: ledgerErrors.LEDGER_UNBALANCED,
  hold_not_found: ledgerErrors.LEDGER_HOLD_NOT_FOUND,
  hold_resolved: ledgerErrors.LEDGER_HOLD_RESOLVED,
  hold_expired: ledgerErrors.LEDGER_HOLD_EXPIRED,
  hold_not_expired: ledgerErrors.LEDGER_HOLD_NOT_EXPIRED,
  post_exceeds_hold: ledgerErrors.LEDGER_POST_EXCEEDS_HOLD,
} as const;
export type Rejection = keyof typeof REJECTIONS;

export function isRejection(code: string): code is Rejection {
  return Object.hasOwn(REJECTIONS, code);
}
