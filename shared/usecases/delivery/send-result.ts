/** What one send attempt came to: the provider took it, or it must wait (pacing, a lease held by another consumer). */
export type SendResult = { kind: 'sent'; providerId: string } | { kind: 'wait'; ms: number; reason: string };
