import type { Insertable } from 'kysely';
import type { OrderView } from '../../../common/api/orders.js';
import type { CreateOrderInput } from '../../../common/api/orders.js';
import { formatMoney } from '../../../common/money.js';
import { userActor, type Actor } from '../../platform/actor.js';
import { toStoredTime } from '../../platform/clock.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  runIdempotent,
  storedAnswers,
  storeAnswers,
  type IdempotentRequest,
} from '../../platform/idempotency.js';
import { getShopSettings } from '../../platform/settings.js';
import { recordSteps, type RecordedStep } from '../../platform/state-machine.js';
import { pickKeysForSale, sellPickedKeys } from '../catalog/index.js';
import { accountsOfOwners, openAccount, openNewAccounts, postCommands } from '../ledger/index.js';
import { recordWalletPayments } from '../payments/index.js';
import { createOrder, draftOrder, findOffer, type Offer } from './checkout.service.js';
import { escrowHoldCommand, fundingCommand } from './escrow.js';
import { queueOrderEmails } from './order-emails.js';
import { orderLifecycle } from './order-lifecycle.js';
import { deliveredChanges, paidChanges } from './order-steps.js';
import { presentOrder, presentOrders } from './order-views.js';
import { ordersErrors } from './orders.errors.js';
import { insertDeliveredKeys, insertOrders, type OrderRow } from './orders.repository.js';
import type { OrdersTable } from './orders.tables.js';
import { payFromWallet } from './pay.service.js';
import type { CommercePolicies } from './policies.js';

/**
 * 立即购买 — create an order and pay it from the wallet in one go — taken in batches (ADR 0010). In a
 * 秒杀 the requests arrive together and queue for SQLite's one writer; one transaction now takes up to
 * `maxBatch` of them: the product, the shop and the settings are read once, the card keys picked with one
 * statement and sold with another, and orders, payments, their timelines, escrow accounts and the ledger
 * postings are each written in one statement for the batch instead of one per order.
 *
 * The outcome is the one `buyNowAlone` (create, then pay from the wallet, one transaction) gives, request
 * by request in the order the batch takes them — arrival order, except that a buyer's second request
 * waits for the next batch: the same checks in the same order and with the same errors, the same rows,
 * the same ledger transfers with the same ids. When anything in the batch's work fails other than a
 * buyer's own problem (a refused ledger transfer, a key taken meanwhile on PostgreSQL, a database
 * error), the whole batch rolls back and each of its requests runs alone, so no request ever fails
 * because of another. A failure at or after COMMIT is reported to every caller, never retried: the batch
 * may have been bought.
 */
export interface BuyNowRequest {
  userId: string;
  input: CreateOrderInput;
  /** With an Idempotency-Key, the first answer is stored in the batch's transaction and replayed after. */
  idempotency?: IdempotentRequest;
}

export interface Bought {
  order: OrderView;
  /** The stored answer of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

type Outcome = ({ ok: true } & Bought) | { ok: false; error: AppError };

export type BatchOutcome = 'written' | 'alone' | 'failed';

interface Pending {
  request: BuyNowRequest;
  resolve: (bought: Bought) => void;
  reject: (error: unknown) => void;
}

const DELIVERY_ACTOR: Actor = { type: 'system', id: 'delivery' };
const noKey: IdempotentRequest = { scope: '', key: undefined, fingerprint: null, statusCode: 200 };

/** One request on its own: the path the batch must match. */
export async function buyNowAlone(
  ctx: ServiceContext,
  trx: Trx,
  policies: CommercePolicies,
  request: BuyNowRequest,
): Promise<OrderRow> {
  const order = await createOrder(
    ctx,
    trx,
    policies,
    { kind: 'user', userId: request.userId },
    request.input,
  );
  return (await payFromWallet(ctx, trx, request.userId, order.id)).order;
}

export class BuyNowLane {
  readonly #ctx: ServiceContext;
  readonly #policies: CommercePolicies;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #busy = false;
  #scheduled = false;

  readonly #onBatch: (size: number, outcome: BatchOutcome) => void;

  constructor(
    ctx: ServiceContext,
    policies: CommercePolicies,
    options: { maxBatch?: number; onBatch?: (size: number, outcome: BatchOutcome) => void } = {},
  ) {
    this.#ctx = ctx;
    this.#policies = policies;
    this.#maxBatch = options.maxBatch ?? 32;
    this.#onBatch = options.onBatch ?? (() => {});
  }

  /** The order bought (paid and delivered), or the buyer's error as the single path would give it. */
  submit(request: BuyNowRequest): Promise<Bought> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#busy || this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    // The requests that arrive in this turn of the event loop join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      await this.#write(this.#takeBatch());
    } finally {
      this.#busy = false;
      this.#schedule();
    }
  }

  /**
   * The oldest requests, at most one per buyer: a buyer's second request waits for the next batch, so
   * that their limits and balance are read after the first one is written, as when they run alone.
   */
  #takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const buyers = new Set<string>();
    for (const pending of this.#queue) {
      if (batch.length < this.#maxBatch && !buyers.has(pending.request.userId)) {
        buyers.add(pending.request.userId);
        batch.push(pending);
      } else rest.push(pending);
    }
    this.#queue = rest;
    return batch;
  }

  async #write(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    // Only a failure inside the batch's work is known to have rolled everything back. One in or after
    // COMMIT (an acknowledgement lost with the connection) may have bought everything: running the
    // requests again would buy twice, so each caller hears the error instead, as alone it would.
    let failedInside = false;
    try {
      outcomes = await this.#ctx.transact(async (trx) => {
        try {
          return await buyNowBatch(
            this.#ctx,
            trx,
            this.#policies,
            batch.map((pending) => pending.request),
          );
        } catch (error) {
          failedInside = true;
          throw error;
        }
      });
    } catch (error) {
      if (!failedInside) {
        this.#ctx.log.error(
          { err: error, requests: batch.length },
          '立即购买 batch failed at or after COMMIT',
        );
        this.#onBatch(batch.length, 'failed');
        for (const pending of batch) pending.reject(error);
        return;
      }
      this.#ctx.log.warn(
        { err: error, requests: batch.length },
        '立即购买 batch rolled back; its requests run alone',
      );
      this.#onBatch(batch.length, 'alone');
      for (const pending of batch) await this.#alone(pending);
      return;
    }
    this.#onBatch(batch.length, 'written');
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve({ order: outcome.order, replayed: outcome.replayed });
      else pending.reject(outcome.error);
    });
  }

  async #alone({ request, resolve, reject }: Pending): Promise<void> {
    try {
      const { body, replayed } = await runIdempotent(this.#ctx, request.idempotency ?? noKey, async (trx) =>
        presentOrder(trx, await buyNowAlone(this.#ctx, trx, this.#policies, request)),
      );
      resolve({ order: body, replayed });
    } catch (error) {
      reject(error);
    }
  }
}

/** A request that passed every check, with what the batch gave it. */
interface Accepted {
  index: number;
  userId: string;
  draft: Insertable<OrdersTable>;
  keyIds: string[];
  walletId: string;
}

/**
 * The batch itself, inside one transaction. Each buyer appears at most once. A buyer's problem (sold out,
 * not enough balance, a limit, terms changed) is that request's outcome and writes nothing; anything else
 * throws, and the caller runs the requests alone.
 */
export async function buyNowBatch(
  ctx: ServiceContext,
  trx: Trx,
  policies: CommercePolicies,
  requests: readonly BuyNowRequest[],
): Promise<Outcome[]> {
  const now = ctx.clock.now();
  const settings = await getShopSettings(trx);
  const offers = new Map<string, Offer>();
  // A request whose Idempotency-Key was answered before gets that answer (or the refusal of a key
  // reused for another request), and nothing else happens for it.
  const answered = await storedAnswers(
    trx,
    requests.map((request) => request.idempotency ?? noKey),
  );
  const checked: Array<Insertable<OrdersTable> | AppError | 'answered'> = [];
  for (const [i, { userId, input }] of requests.entries()) {
    if (answered[i] !== undefined) {
      checked.push('answered');
      continue;
    }
    checked.push(
      await buyersProblemOr(async () => {
        let offer = offers.get(input.productId);
        if (!offer) {
          offer = await findOffer(trx, input.productId);
          if (offer.product.kind !== 'card_key') throw new Error('立即购买 batches take card keys only');
          offers.set(input.productId, offer);
        }
        return draftOrder(trx, policies, offer, settings, { kind: 'user', userId }, input, now);
      }),
    );
  }

  // Stock and wallets, decided request by request as if each ran alone in arrival order: a request that
  // cannot be paid takes no keys from those after it.
  const stock = new Map<string, string[]>();
  for (const [productId, units] of unitsWanted(checked))
    stock.set(productId, await pickKeysForSale(trx, ctx.dialect, productId, units));
  const buyerIds = [...new Set(requests.map((request) => request.userId))];
  const wallets = await accountsOfOwners(trx, { kind: 'user_wallet', currency: 'CNY', ownerIds: buyerIds });
  const accepted: Accepted[] = [];
  const outcomes: Array<Outcome | undefined> = answered.map((answer) =>
    answer === undefined
      ? undefined
      : answer instanceof AppError
        ? { ok: false, error: answer }
        : { ok: true, order: answer.body as OrderView, replayed: true },
  );
  checked.forEach((draft, index) => {
    if (draft === 'answered') return;
    if (draft instanceof AppError) {
      outcomes[index] = { ok: false, error: draft };
      return;
    }
    const keys = stock.get(draft.product_id)!;
    if (keys.length < draft.quantity) {
      outcomes[index] = { ok: false, error: new AppError(ordersErrors.ORDER_OUT_OF_STOCK) };
      return;
    }
    const { userId } = requests[index]!;
    const wallet = wallets.get(userId);
    const available = wallet?.available ?? 0;
    if (!wallet || available < draft.amount) {
      outcomes[index] = {
        ok: false,
        error: new AppError(ordersErrors.ORDER_INSUFFICIENT_BALANCE, {
          amount: formatMoney(draft.amount, draft.currency),
          available: formatMoney(available, draft.currency),
        }),
      };
      return;
    }
    accepted.push({ index, userId, draft, keyIds: keys.splice(0, draft.quantity), walletId: wallet.id });
  });

  const orders = await writeAccepted(ctx, trx, accepted, now);
  const views = await presentOrders(trx, orders);
  accepted.forEach((a, k) => (outcomes[a.index] = { ok: true, order: views[k]!, replayed: false }));
  await storeAnswers(
    trx,
    now,
    accepted.map((a, k) => ({ request: requests[a.index]!.idempotency ?? noKey, body: views[k] })),
  );
  return outcomes.map((outcome) => outcome!);
}

/** Everything buying writes, for all accepted requests at once: the rows `buyNowAlone` leaves. */
async function writeAccepted(
  ctx: ServiceContext,
  trx: Trx,
  accepted: readonly Accepted[],
  now: Date,
): Promise<OrderRow[]> {
  if (accepted.length === 0) return [];
  const payments = await recordWalletPayments(
    trx,
    now,
    accepted.map(({ userId, draft }) => ({
      purpose: 'order',
      purposeId: draft.id,
      payerUserId: userId,
      amount: draft.amount,
      currency: draft.currency,
      subject: draft.title,
      expiresAt: now,
    })),
  );
  const escrows = await openNewAccounts(
    trx,
    now,
    accepted.map(({ draft }) => ({ kind: 'escrow', currency: draft.currency, ownerId: draft.id })),
  );

  // The merchants' payable accounts and the platform's fee revenue, opened once for the batch.
  const payables = new Map<string, string>();
  let revenue: string | null = null;
  for (const { draft } of accepted) {
    if (!payables.has(draft.merchant_id))
      payables.set(
        draft.merchant_id,
        (
          await openAccount(trx, now, {
            kind: 'merchant_payable',
            currency: draft.currency,
            ownerId: draft.merchant_id,
          })
        ).id,
      );
    if (draft.fee > 0 && revenue === null)
      revenue = (await openAccount(trx, now, { kind: 'platform_fee_revenue', currency: draft.currency })).id;
  }
  const commands = accepted.flatMap(({ userId, draft, walletId }, k) => {
    const actor = userActor(userId);
    const escrow = escrows[k]!.id;
    return [
      fundingCommand(
        draft,
        { from: walletId, escrow },
        { paymentId: payments[k]!.id, amount: draft.amount, source: 'wallet', actor },
      ),
      escrowHoldCommand(draft, { escrow, payable: payables.get(draft.merchant_id)!, revenue }, actor),
    ];
  });
  const results = await postCommands(trx, { dialect: ctx.dialect, clock: ctx.clock }, commands);
  const refused = results.find((result) => result.outcome === 'rejected');
  // The wallets were read in this transaction; on PostgreSQL another one may have spent from one since.
  if (refused) throw new Error(`the ledger refused ${refused.id} in a 立即购买 batch`);

  const orders = await insertOrders(
    trx,
    accepted.map(({ draft }, k) => ({
      ...draft,
      ...paidChanges(draft, payments[k]!.id, now),
      ...deliveredChanges(draft, now),
      status: 'delivered' as const,
      escrow_account_id: escrows[k]!.id,
      updated_at: toStoredTime(now),
    })),
  );
  const deliveries = accepted.flatMap(({ draft, keyIds }) =>
    keyIds.map((keyId) => ({ keyId, orderId: draft.id })),
  );
  await sellPickedKeys(trx, deliveries, now);
  await insertDeliveredKeys(trx, deliveries, now);
  await recordSteps(
    trx,
    now,
    orders.flatMap((order, k): RecordedStep[] => {
      const buyer = userActor(accepted[k]!.userId);
      const step = (from: string | null, to: string, actor: Actor, reason: RecordedStep['reason']) => ({
        machine: orderLifecycle,
        entityId: order.id,
        from,
        to,
        actor,
        reason,
      });
      return [
        step(null, 'created', buyer, { code: 'ordered' }),
        step('created', 'paid', buyer, { code: 'paid', note: payments[k]!.provider }),
        step('paid', 'delivered', DELIVERY_ACTOR, { code: 'keys_delivered' }),
      ];
    }),
  );
  await queueOrderEmails(trx, ctx, orders, 'delivered');
  return orders;
}

function unitsWanted(
  checked: ReadonlyArray<Insertable<OrdersTable> | AppError | 'answered'>,
): Map<string, number> {
  const units = new Map<string, number>();
  for (const draft of checked)
    if (draft !== 'answered' && !(draft instanceof AppError))
      units.set(draft.product_id, (units.get(draft.product_id) ?? 0) + draft.quantity);
  return units;
}

/** A buyer's own problem (an AppError) is their outcome; anything else is the batch's, and is thrown. */
async function buyersProblemOr<T>(work: () => Promise<T>): Promise<T | AppError> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}
