import { matchRoute, toPayloadV2, writeResult } from '../aws/http-api.js';
import type { LocalContext, LocalRoute } from '../context.js';

/** The HTTP API's routes from the template (subscription pages, the Telegram webhook): the functions answer them. */
export const apiRoute: LocalRoute = async (req, res, url, ctx: LocalContext) => {
  const route = matchRoute(ctx.cloud.deployment.routes, req.method ?? 'GET', url.pathname);
  if (!route) return false;
  if (!ctx.cloud.routeThrottles.take(route)) {
    req.resume();
    res.writeHead(429, { 'content-type': 'application/json' }).end('{"message":"Too Many Requests"}');
    return true;
  }
  const event = await toPayloadV2(req, url, route);
  if (!event) {
    res.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
    return true;
  }
  writeResult(res, await ctx.cloud.lambda.invoke(route.functionArn, event));
  return true;
};
