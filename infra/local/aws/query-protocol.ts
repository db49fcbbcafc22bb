/**
 * The AWS query protocol's answers (CloudFormation, SNS, SES v1): XML named after the operation, in the service's
 * namespace. Values are escaped; lists are `<member>` elements.
 */
import type { WireResponse } from './aws-errors.js';

export const QUERY_NAMESPACES: Record<string, string> = {
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  ses: 'http://ses.amazonaws.com/doc/2010-12-01/',
};

export const xmlEscape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `<Name>value</Name>`, or nothing when the value is absent. */
export function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export function members(items: string[]): string {
  return items.map((item) => `<member>${item}</member>`).join('');
}

export function queryResult(service: string, operation: string, result: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${operation}Response xmlns="${QUERY_NAMESPACES[service]}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}
