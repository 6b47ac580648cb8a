import type { FormInstance } from 'antd';
import { toProblem, type ApiProblem } from '../api/problem.js';

/**
 * Puts a failed submission's messages where the user looks: each `errors[]` issue under the field with
 * that path, and a code that concerns one field (a weak password) under that field. Returns the problem
 * to show above the form, or null when a field already shows the whole story.
 */
export function showProblemOnForm<Values>(
  form: FormInstance<Values>,
  error: unknown,
  fallback: string,
  fieldForCode: Readonly<Record<string, string>> = {},
): ApiProblem | null {
  const problem = toProblem(error, fallback);
  const fieldNames = new Set(Object.keys(form.getFieldsValue(true) as object));
  const byField = new Map<string, string[]>();
  for (const issue of problem.errors) {
    if (issue.location === 'body' && fieldNames.has(issue.path)) {
      byField.set(issue.path, [...(byField.get(issue.path) ?? []), issue.message]);
    }
  }
  const codeField = fieldForCode[problem.code];
  if (codeField !== undefined) byField.set(codeField, [problem.detail]);
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return codeField !== undefined ? null : problem;
}
