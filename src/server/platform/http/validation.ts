import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import enLocale from 'zod/v4/locales/en.js';
import zhCNLocale from 'zod/v4/locales/zh-CN.js';
import type { Locale } from '../../../common/locale.js';

/**
 * Request validation with zod, keeping the issues so the error handler can explain each one in the
 * reader's language. Unlike the type provider's stock compiler, issues are localized here, and the
 * offending input is used only to name its type — it is never echoed back (it may be a password or 1 MB).
 */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(issues: readonly z.core.$ZodIssue[]) {
    super('request validation failed');
    this.issues = issues;
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(result.error.issues) };
  };

const errorMaps: Record<Locale, z.core.$ZodErrorMap> = {
  'zh-CN': zhCNLocale().localeError,
  en: enLocale().localeError,
};

export interface IssueReport {
  /** body, querystring, params or headers. */
  location: string;
  /** Dotted path to the field; empty for the object itself (e.g. unknown keys). */
  path: string;
  /** zod's issue code, stable enough for clients to branch on. */
  code: string;
  message: string;
}

export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  location: string,
  locale: Locale,
): IssueReport[] {
  return issues.slice(0, 20).map((issue) => {
    const { path, message: fallback, ...raw } = issue;
    const mapped = errorMaps[locale](raw as unknown as z.core.$ZodRawIssue);
    const message = typeof mapped === 'string' ? mapped : (mapped?.message ?? fallback);
    return { location, path: path.map(String).join('.'), code: issue.code, message };
  });
}
