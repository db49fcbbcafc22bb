/**
 * The newest `max` of a feed's items, in document order. Newest by date; undated items rank after dated ones, and
 * among themselves in document order (feeds list newest first). Feeds of any order are capped the same way.
 */
export function newestItems<T extends { published: string | undefined }>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const ranked = items.map((item, index) => ({ item, index }));
  ranked.sort((a, b) => {
    const x = a.item.published;
    const y = b.item.published;
    if (x !== y) {
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return x < y ? 1 : -1;
    }
    return a.index - b.index;
  });
  return ranked
    .slice(0, max)
    .sort((a, b) => a.index - b.index)
    .map((r) => r.item);
}
