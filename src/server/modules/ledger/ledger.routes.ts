import { z } from 'zod';
import {
  balanceView,
  kindTotal,
  publicKeyResponse,
  statementExportQuery,
  statementPage as statementPageSchema,
  statementQuery,
} from '../../../common/api/ledger.js';
import { proofBundleSchema, signedCheckpointSchema } from '../../../common/ledger/schemas.js';
import { pageSchema } from '../../../common/pagination.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import type { ReasonCatalogue } from '../../platform/reasons.js';
import { accountsOfOwner } from './accounts.repository.js';
import {
  checkpointBySequence,
  latestCheckpoint,
  listCheckpoints,
  presentCheckpoint,
  publishCheckpoint,
} from './checkpoints.service.js';
import { csvStream, jsonStream } from './export.js';
import { ledgerErrors } from './ledger.errors.js';
import { proofBundleFor } from './proofs.service.js';
import { ledgerSigner } from './signing.js';
import {
  accountForAdmin,
  balancesOf,
  customerAccount,
  presentBalance,
  statementLines,
  statementPage,
  totalsByKind,
} from './statement.service.js';

export function registerLedgerRoutes(
  app: ApiInstance,
  ctx: ServiceContext,
  reasons: () => ReasonCatalogue,
): void {
  const signer = ledgerSigner(ctx.keys);

  app.get('/api/v1/me/balances', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ledger'],
      summary: 'My balances: wallet (分) and 钻, with held and available amounts',
      response: { 200: z.object({ items: z.array(balanceView) }) },
    },
    handler: async (request) => ({
      items: await balancesOf(ctx.db, 'user', requireUser(request).userId),
    }),
  });

  app.get('/api/v1/me/statement', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ledger'],
      summary:
        '账户明细: my lines for one currency, newest first, each with the balance after it and its reason',
      querystring: statementQuery,
      response: { 200: statementPageSchema },
    },
    handler: async (request) => {
      const account = await customerAccount(
        ctx.db,
        'user',
        requireUser(request).userId,
        request.query.currency,
      );
      return statementPage(ctx.db, account, request.query, reasons(), request.locale);
    },
  });

  app.get('/api/v1/me/statement/export', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ledger'],
      summary: 'My whole statement (with the same filters) as CSV or JSON, streamed',
      querystring: statementExportQuery,
    },
    handler: async (request, reply) => {
      const { currency, format, lang, ...filters } = request.query;
      const account = await customerAccount(ctx.db, 'user', requireUser(request).userId, currency);
      const lines = account
        ? statementLines(ctx.db, account, filters, reasons(), lang ?? request.locale)
        : emptyLines();
      const name = `kameng-statement-${currency}-${ctx.clock.now().toISOString().slice(0, 10)}.${format}`;
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvStream(lines, currency));
      return reply.type('application/json; charset=utf-8').send(jsonStream(lines));
    },
  });

  app.get('/api/v1/me/proofs', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['ledger'],
      summary:
        'My proof bundle against the latest checkpoint: balances in the sum tree, transfers in the log',
      querystring: z.strictObject({ transfers: z.coerce.number().int().min(0).max(200).default(50) }),
      response: { 200: proofBundleSchema },
    },
    handler: (request) =>
      proofBundleFor(
        ctx,
        { ownerType: 'user', ownerId: requireUser(request).userId },
        { transferLimit: request.query.transfers },
      ),
  });

  app.get('/api/v1/ledger/public-key', {
    config: { access: 'public' },
    schema: {
      tags: ['ledger'],
      summary: "The platform's Ed25519 key that signs checkpoints",
      response: { 200: publicKeyResponse },
    },
    handler: () => ({
      algorithm: 'Ed25519' as const,
      publicKey: signer.publicKeyBase64,
      keyId: signer.keyId,
    }),
  });

  app.get('/api/v1/ledger/checkpoints', {
    config: { access: 'public' },
    schema: {
      tags: ['ledger'],
      summary: 'Every published checkpoint, newest first',
      querystring: z.strictObject({
        cursor: z
          .string()
          .regex(/^\d{1,15}$/)
          .optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: { 200: pageSchema(signedCheckpointSchema) },
    },
    handler: async (request) => {
      const rows = await listCheckpoints(ctx.db, {
        before: request.query.cursor === undefined ? undefined : Number(request.query.cursor),
        limit: request.query.limit + 1,
      });
      const page = rows.slice(0, request.query.limit);
      return {
        items: page.map(presentCheckpoint),
        nextCursor: rows.length > request.query.limit ? String(page.at(-1)!.sequence) : null,
      };
    },
  });

  app.get('/api/v1/ledger/checkpoints/latest', {
    config: { access: 'public' },
    schema: { tags: ['ledger'], summary: 'The latest checkpoint', response: { 200: signedCheckpointSchema } },
    handler: async () => {
      const row = await latestCheckpoint(ctx.db);
      if (!row) throw new AppError(ledgerErrors.LEDGER_NO_CHECKPOINT);
      return presentCheckpoint(row);
    },
  });

  app.get('/api/v1/ledger/checkpoints/:sequence', {
    config: { access: 'public' },
    schema: {
      tags: ['ledger'],
      summary: 'One checkpoint',
      params: z.strictObject({ sequence: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
      response: { 200: signedCheckpointSchema },
    },
    handler: async (request) => {
      const row = await checkpointBySequence(ctx.db, request.params.sequence);
      if (!row) throw new AppError(ledgerErrors.LEDGER_NO_CHECKPOINT);
      return presentCheckpoint(row);
    },
  });

  app.get('/api/v1/admin/ledger/totals', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: 'Platform totals per account kind and currency',
      response: { 200: z.object({ items: z.array(kindTotal) }) },
    },
    handler: async () => ({ items: await totalsByKind(ctx.db) }),
  });

  app.get('/api/v1/admin/ledger/accounts', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: 'The ledger accounts of one owner (a user id, a merchant id, or `platform`)',
      querystring: z.strictObject({
        ownerType: z.enum(['user', 'merchant', 'platform']),
        ownerId: z.string().min(1).max(64),
      }),
      response: { 200: z.object({ items: z.array(balanceView) }) },
    },
    handler: async (request) => ({
      items: (await accountsOfOwner(ctx.db, request.query.ownerType, request.query.ownerId)).map(
        presentBalance,
      ),
    }),
  });

  app.get('/api/v1/admin/ledger/accounts/:accountId/statement', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: "Any account's statement",
      params: z.strictObject({ accountId: z.string().regex(/^acc_[0-9A-Z]{26}$/) }),
      querystring: statementQuery.omit({ currency: true }),
      response: { 200: statementPageSchema },
    },
    handler: async (request) => {
      const account = await accountForAdmin(ctx.db, request.params.accountId);
      if (!account) throw new AppError(ledgerErrors.LEDGER_ACCOUNT_NOT_FOUND);
      return statementPage(ctx.db, account, request.query, reasons(), request.locale);
    },
  });

  app.post('/api/v1/admin/ledger/checkpoints', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Publish a checkpoint now (one is published automatically every KAMENG_CHECKPOINT_MINUTES)',
      response: { 200: signedCheckpointSchema },
    },
    handler: async (request) => {
      const principal = requireUser(request);
      const { checkpoint, created } = await publishCheckpoint(ctx, signer);
      if (!checkpoint) throw new AppError(ledgerErrors.LEDGER_NO_CHECKPOINT);
      if (created) {
        await recordAudit(ctx.db, ctx.clock.now(), {
          actor: userActor(principal.userId),
          action: 'ledger.checkpoint',
          target: { type: 'ledger_checkpoint', id: String(checkpoint.sequence) },
          ip: clientIp(request),
          summary: `checkpoint ${checkpoint.sequence} over ${checkpoint.log_size} transfers`,
        });
      }
      return presentCheckpoint(checkpoint);
    },
  });
}

async function* emptyLines(): AsyncGenerator<never> {}
