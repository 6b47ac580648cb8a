import type { Translation } from '../zh-CN.js';

export const trustEn: Translation['trust'] = {
  credit: {
    title: 'Shop credit',
    score: 'Credit score',
    outOf: '/ 100',
    disputeRate: 'Dispute rate',
    disputeRateHint: 'Disputes ÷ (completed orders + disputes) over the last {{days}} days',
    window:
      'Counted over the last {{days}} days; recomputed after every lost dispute or missed deadline, and daily.',
    formulaLink: 'How it is scored',
    parts: {
      base: 'Base',
      volume: 'Sales volume',
      response: 'Response speed',
      disputes_lost: 'Disputes lost',
      deadlines_missed: 'Deadlines missed',
    },
    partHint: {
      base: 'Every shop starts at 60.',
      volume: 'Completed orders: {{count}}. 8 × log10(1 + orders), at most 25.',
      response:
        'Median first reply to a buyer: {{time}}. Within 15 min +15, 1 h +10, 4 h +5, 24 h 0, slower −5.',
      responseNone: 'No buyer questions yet: 0.',
      disputes_lost:
        'Disputes lost: {{count}}. Minus 400 × lost ÷ (completed + lost + 20). Silence past the 24 h, a refund decided by support, or an appeal overturned in the buyer’s favour counts as lost.',
      deadlines_missed:
        'Orders refunded because delivery passed its promised time: {{count}}. Minus 300 × missed ÷ (completed + missed + 20).',
    },
    facts: {
      title: 'What the score is based on',
      completedOrders: 'Completed orders',
      disputes: 'Disputes',
      disputesLost: 'Disputes lost',
      deadlinesMissed: 'Deadlines missed',
      medianReply: 'Median first reply',
      noReply: 'No questions yet',
    },
    level: {
      none: 'Good standing',
      warning: 'Credit warning',
      listings_hidden: 'Listings hidden',
      suspended: 'Shop suspended',
    },
    formula: {
      title: 'How the credit score is computed',
      intro:
        'The score is computed only from facts (completed orders, dispute outcomes, missed deadlines, reply speed), by the same published rule for every shop:',
      score: 'score = 60 + volume + response − lost − missed (kept within 0–100)',
      volume: 'volume = min(25, 8 × log10(1 + completed orders))',
      response:
        'response = +15 (median first reply ≤ 15 min), +10 (≤ 1 h), +5 (≤ 4 h), 0 (≤ 24 h, or no questions), −5 (slower)',
      lost: 'lost = 400 × disputes lost ÷ (completed + disputes lost + 20)',
      missed: 'missed = 300 × deadlines missed ÷ (completed + deadlines missed + 20)',
      prior:
        'The “+ 20” means a new shop’s first mistake costs it about 19 points, not everything, while a shop with a long clean record barely moves.',
      lostRule:
        'A dispute is lost when support decides a refund, when the shop stays silent past its 24 h and the buyer is refunded, or when an appeal is decided in the buyer’s favour; it stops counting when the shop’s own appeal succeeds.',
      rate: 'Dispute rate = disputes ÷ (completed orders + disputes).',
      sanctions:
        'Below 50: a credit warning. Below 35: listings hidden (gone from search and product pages, cannot be bought). Below 20: the shop is suspended until an admin reinstates it.',
      window: 'Only the last {{days}} days count: old mistakes expire and the score recovers by itself.',
    },
  },
  sanction: {
    effect: {
      none: 'Good standing: no sanction.',
      warning: 'The shop sells as usual; if the score falls below 35, its listings will be hidden.',
      listings_hidden:
        'The shop’s goods no longer appear in search or on product pages and cannot be bought. They come back once the score is above 35 again.',
      suspended:
        'The shop is suspended: its goods are hidden, and it cannot list goods, create API keys or request payouts; paid orders must still be delivered. Only an admin can lift a suspension.',
    },
    byScore: 'Why: the credit score is {{score}}, below {{below}}.',
    byAdmin: 'An admin set this; the reason was emailed to you.',
    suspendedOther:
      'The reason was emailed to you (for example, the deposit fell below the minimum, or a decision by the platform).',
    appeal:
      'To object: appeal a dispute decision under Disputes; for a credit sanction, contact support — an admin can lift it or reinstate the shop after checking.',
    seeCredit: 'See the credit score',
  },
  payouts: {
    title: 'Payouts',
    summary: 'What you can withdraw',
    withdrawable: 'Withdrawable now',
    maturing: 'In the reserve period',
    maturingHint: 'Earnings settled within the last {{count}} day(s) mature first, then become withdrawable.',
    available: 'Settled earnings',
    tier: 'Shop tier',
    tiers: {
      new: 'New shop',
      trusted: 'Trusted shop',
    },
    tierHint: {
      new: 'A new shop withdraws earnings {{count}} days after settlement, the same 7 days in which a buyer can still dispute a settled order. Shops open 90 days with a score of 80 or more become trusted.',
      trusted: 'A trusted shop withdraws earnings {{count}} day after settlement.',
    },
    reserveDays: '{{count}}-day reserve',
    deposit: 'Deposit',
    openDisputes: 'Asked back in open disputes',
    blocked: {
      open_disputes:
        'Open disputes ask back {{open}}, more than the deposit of {{deposit}}: payouts are paused until they are resolved.',
      shop_state: 'No payouts while the shop is suspended; they resume once it is reinstated.',
    },
    request: {
      title: 'Request a payout',
      amount: 'Amount (CNY)',
      amountHint: 'At most {{max}}.',
      all: 'All',
      submit: 'Request payout',
      submitted: 'Payout requested; the platform will pay it out.',
      nothing: 'Nothing is withdrawable right now.',
      how: 'The amount is held once you ask; the payout is done when the platform has transferred it and recorded the reference. You can cancel until then.',
    },
    list: {
      title: 'Payout history',
      amount: 'Amount',
      status: 'Status',
      requestedAt: 'Requested',
      decidedAt: 'Decided',
      reference: 'Transfer reference',
      note: 'Note',
      actions: 'Actions',
      cancel: 'Cancel',
      cancelConfirm: 'Cancel this payout request? The amount goes back to your withdrawable balance.',
      cancelled: 'Payout request cancelled.',
      empty: 'No payouts yet.',
    },
    status: {
      requested: 'Awaiting payment',
      paid: 'Paid',
      rejected: 'Rejected',
      cancelled: 'Cancelled',
    },
  },
  adminPayouts: {
    nav: 'Payouts',
    title: 'Payout requests',
    filter: 'Filter by status',
    all: 'All statuses',
    shop: 'Shop',
    approve: 'Mark as paid',
    reject: 'Reject',
    approveTitle: 'Paid {{amount}} to “{{shop}}”',
    approveHint:
      'Make the bank or provider transfer first, then record its reference. This takes the money from the shop’s earnings and cannot be undone; the owner is emailed.',
    reference: 'Transfer reference',
    referenceRule: 'Enter a reference of 3–120 characters.',
    rejectTitle: 'Reject the payout of {{amount}} to “{{shop}}”',
    rejectHint:
      'The amount goes back to the shop’s withdrawable balance; the reason is written to the audit log and emailed to the owner.',
    approved: 'Payment recorded.',
    rejected: 'Payout rejected.',
  },
  closing: {
    title: 'Closing the shop',
    intro:
      'If you stop trading, announce it 30 days ahead (E-Commerce Law Art 16): the notice shows on your shop page, and the shop stops selling on the date.',
    announce: 'Announce closing',
    modalTitle: 'Announce closing',
    rules: {
      notice:
        'The notice shows on your shop page at once; the shop keeps selling for 30 days and stops on {{date}}, when its goods are delisted.',
      orders:
        'Paid orders must still be delivered on time; they settle when the buyer confirms or the window ends, and earnings stay withdrawable.',
      disputes:
        'Disputes go on as usual: answer within 24 h, or the buyer is refunded automatically and the credit score drops.',
      deposit:
        '14 days after the last settlement and the last dispute decision (the 7 days to dispute a settled order plus 7 days to appeal), the shop closes and the deposit goes back to your wallet.',
    },
    irreversible: 'Once published, you cannot withdraw the notice yourself.',
    reason: 'Reason for closing',
    reasonHint: 'Shown on your shop page; 2–500 characters.',
    reasonRule: 'Enter a reason of 2–500 characters.',
    understood: 'I understand these rules',
    understoodRule: 'Please confirm that you understand the rules.',
    submit: 'Publish the notice',
    announced: 'Closing notice published.',
    noticeTitle: 'Closing notice',
    announcedAt: 'Announced',
    closesAt: 'Stops selling',
    reasonLabel: 'Reason',
    selling: 'The shop stops selling on {{date}} and trades as usual until then.',
    stopped:
      'The shop stopped selling on {{date}}: finish the remaining orders and disputes; the deposit then goes back to your wallet.',
    closed: 'The shop is closed and its deposit was returned to your wallet.',
  },
  shopClosing: {
    selling: 'Closing notice: this shop closes on {{date}}',
    stopped: 'Closing notice: this shop closed on {{date}}',
    reason: 'Reason: {{reason}}',
    announcedAt: 'Announced on {{date}}.',
    protection:
      'Paid orders stay protected by escrow: the shop must deliver on time, disputes are handled as usual, and its deposit is returned only after every order and dispute has ended.',
  },
  adminCredit: {
    title: 'Credit and sanctions',
    current: 'Current sanction',
    byFormula: 'By the formula',
    manual: 'Set by an admin',
    setSanction: 'Change sanction',
    sanctionTitle: 'Change the sanction of “{{name}}”',
    sanctionHint:
      'The owner is emailed and the change is audited. Note: the review after every credit event and the daily review apply the formula again and may replace a hand-set sanction.',
    choice: 'Sanction',
    saved: 'Sanction changed.',
    onlyActive: 'Only an open shop’s sanction can be changed.',
    suspended:
      'The shop is suspended. A suspension is not lifted here: use “Reinstate” (with a reason; the owner is emailed).',
    reinstate: 'Reinstate',
  },
};
