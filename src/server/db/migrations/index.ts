import type { Migration } from 'kysely';
import * as foundation from './2026_11_22_0001_foundation.js';
import * as ledger from './2026_11_22_0002_ledger.js';
import * as commerce from './2026_11_22_0003_commerce.js';
import * as sandboxProvider from './2026_11_22_0004_sandbox_provider.js';
import * as guestLookups from './2026_11_22_0005_guest_lookups.js';
import * as buyerProtection from './2026_11_22_0006_buyer_protection.js';
import * as orderChat from './2026_11_22_0007_order_chat.js';
import * as payoutsCreditClosing from './2026_11_22_0008_payouts_credit_closing.js';
import * as paymentChannels from './2026_11_22_0009_payment_channels.js';
import * as refundStates from './2026_11_22_0010_refund_states.js';
import * as refundChoiceCallbackSources from './2026_11_22_0011_refund_choice_callback_sources.js';

/**
 * Every migration, in order. Listed explicitly rather than read from the folder so that the compiled
 * build, tsx and the test runner all see exactly the same set. Names sort by date; never rename one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026_11_22_0001_foundation': foundation,
  '2026_11_22_0002_ledger': ledger,
  '2026_11_22_0003_commerce': commerce,
  '2026_11_22_0004_sandbox_provider': sandboxProvider,
  '2026_11_22_0005_guest_lookups': guestLookups,
  '2026_11_22_0006_buyer_protection': buyerProtection,
  '2026_11_22_0007_order_chat': orderChat,
  '2026_11_22_0008_payouts_credit_closing': payoutsCreditClosing,
  '2026_11_22_0009_payment_channels': paymentChannels,
  '2026_11_22_0010_refund_states': refundStates,
  '2026_11_22_0011_refund_choice_callback_sources': refundChoiceCallbackSources,
};
