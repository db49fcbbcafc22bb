/** Error responses in each AWS protocol's own shape, so the SDK throws the exception AWS would. */
import { QUERY_NAMESPACES, xmlEscape } from './query-protocol.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export { QUERY_NAMESPACES, xmlEscape };

/** Services answering in REST-JSON: the error type in a header, the message in the body. */
const REST_JSON = new Set(['lambda', 'scheduler', 'sesv2', 'cloudfront-keyvaluestore']);

export function awsError(service: string, code: string, message: string, status = 400): WireResponse {
  const requestId = crypto.randomUUID();
  switch (service) {
    case 's3':
      return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>` };
    case 'ses':
    case 'sns':
    case 'cloudformation':
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse xmlns="${QUERY_NAMESPACES[service]}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    default:
      if (REST_JSON.has(service)) {
        return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId }, body: JSON.stringify({ Type: 'User', message }) };
      }
      // The JSON protocols (DynamoDB, SQS, SSM); SQS also reads the query-compatible code header.
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': code, 'x-amzn-query-error': `${code};Sender`, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: `com.amazonaws.local#${code}`, message }),
      };
  }
}

/** What AWS says when no policy allows a call. */
export function accessDenied(service: string, roleName: string, functionName: string, action: string, resource: string): WireResponse {
  const code = ['s3', 'ses', 'cloudformation'].includes(service) ? 'AccessDenied' : service === 'sns' ? 'AuthorizationError' : 'AccessDeniedException';
  const message = `User: arn:aws:sts::000000000000:assumed-role/${roleName}/${functionName} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
  return awsError(service, code, message, ['s3', 'ses', 'sns', 'cloudformation', 'lambda', 'scheduler', 'sesv2', 'cloudfront-keyvaluestore'].includes(service) ? 403 : 400);
}
