// The short form of callRoute for API tests that call many routes with one key:
// `await callWithKey(getCases, t.key, '/api/v1/cases?status=open')`, or with params, a method and a JSON body.
import { callRoute, type RouteAnswer, type RouteHandler } from './call-route';

export function callWithKey(
  handler: RouteHandler,
  key: string,
  path: string,
  params: Record<string, string> = {},
  method = 'GET',
  json?: unknown,
): Promise<RouteAnswer> {
  return callRoute(handler, { key, path, params, method, json });
}
