/** How one delivery is named: in the ledger (one record per alert, per message part, per digest) and in provider headers. */

export interface DeliveryKeyFields {
  subscriberId: string;
  channel: string;
  articleId: string;
}

/** The id receivers see (X-Newshound-Delivery) and the pacer's holder name. */
export function deliveryId(key: DeliveryKeyFields): string {
  return `${key.subscriberId}/${key.channel}/${key.articleId}`;
}

/** Part `index` (0-based) of a message split into `count` parts: each part has its own ledger record. */
export function messagePartKey<K extends DeliveryKeyFields>(key: K, index: number, count: number): K {
  return { ...key, articleId: `${key.articleId}#part${index + 1}of${count}` };
}

/** The article id a digest batch is delivered under (the batch due at the ISO instant `slot`). */
export function digestArticleId(slot: string): string {
  return `digest:${slot}`;
}
