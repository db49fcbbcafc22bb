/** Error responses in each AWS protocol's own shape, so the SDK throws the exception AWS would. */

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const xmlEscape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function awsError(service: string, code: string, message: string, status = 400): WireResponse {
  const requestId = crypto.randomUUID();
  switch (service) {
    case 's3':
      return { status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId }, body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>` };
    case 'ses':
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'lambda':
      return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId }, body: JSON.stringify({ Type: 'User', message }) };
    default:
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
  const code = service === 's3' || service === 'ses' ? 'AccessDenied' : 'AccessDeniedException';
  const message = `User: arn:aws:sts::000000000000:assumed-role/${roleName}/${functionName} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
  return awsError(service, code, message, service === 's3' || service === 'ses' || service === 'lambda' ? 403 : 400);
}
