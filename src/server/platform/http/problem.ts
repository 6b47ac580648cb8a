import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { localize } from '../../../common/locale.js';
import { AppError, platformErrors, type ErrorDefinition } from '../errors.js';
import { describeIssues, RequestValidationError, type IssueReport } from './validation.js';

/**
 * Every error leaves as RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail` (in the
 * request's language), `instance`, plus our extension members `code` (stable, from the catalogue) and
 * `requestId`. Unexpected errors are logged in full and answered with a generic 500 that never carries a
 * stack trace or internal message.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemTypeUri(code: string): string {
  return `/api/problems/${code}`;
}

export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else if (!(error instanceof AppError)) {
      request.log.info({ code: appError.code, reason: error.message }, 'request refused');
    }
    return sendProblem(request, reply, appError);
  });
}

export function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(request, reply, new AppError(platformErrors.NOT_FOUND));
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const definition: ErrorDefinition = error.definition;
  const params = { requestId: request.id, ...error.params };
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  return reply
    .code(definition.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('content-language', request.locale)
    .send(
      JSON.stringify({
        type: problemTypeUri(definition.code),
        title: definition.title,
        status: definition.status,
        detail: localize(definition.message, request.locale, params),
        instance: request.url.split('?')[0],
        code: definition.code,
        requestId: request.id,
        ...error.extensions,
      }),
    );
}

function toAppError(error: FastifyError | AppError | Error, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof RequestValidationError) {
    const location = (error as Partial<FastifyError>).validationContext ?? 'body';
    const issues: IssueReport[] = describeIssues(error.issues, location, request.locale);
    const summary = issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
    return new AppError(platformErrors.VALIDATION_FAILED, { summary }, { extensions: { errors: issues } });
  }
  if (isResponseSerializationError(error)) return new AppError(platformErrors.INTERNAL_ERROR);
  const code = 'code' in error ? error.code : undefined;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(platformErrors.UNSUPPORTED_MEDIA_TYPE);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(platformErrors.PAYLOAD_TOO_LARGE);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(platformErrors.MALFORMED_JSON);
    default:
      break;
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  // JSON.parse failures surface as SyntaxError with status 400 from Fastify's body parser.
  if (error instanceof SyntaxError && status === 400) return new AppError(platformErrors.MALFORMED_JSON);
  if (status === 404) return new AppError(platformErrors.NOT_FOUND);
  if (status === 413) return new AppError(platformErrors.PAYLOAD_TOO_LARGE);
  if (status === 415) return new AppError(platformErrors.UNSUPPORTED_MEDIA_TYPE);
  if (status === 503) return new AppError(platformErrors.SERVICE_UNAVAILABLE);
  if (status >= 400 && status < 500)
    return new AppError(platformErrors.VALIDATION_FAILED, { summary: error.message });
  return new AppError(platformErrors.INTERNAL_ERROR);
}
