import type { HttpRequest, HttpResponse } from '../usecases/subscriptions/http-types.js';

/** The fields of an API Gateway HTTP API (payload 2.0) event the edges read. */
export interface ApiGatewayV2Event {
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string; sourceIp: string } };
}

export function fromApiGatewayV2(event: ApiGatewayV2Event): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    body,
    sourceIp: event.requestContext.http.sourceIp,
  };
}

export function toApiGatewayV2(res: HttpResponse): { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: false } {
  return { statusCode: res.status, headers: res.headers, body: res.body, isBase64Encoded: false };
}
