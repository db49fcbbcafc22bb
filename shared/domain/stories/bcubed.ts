export interface BCubed {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * B-cubed precision and recall (Bagga & Baldwin): per item, the share of its predicted cluster that has its gold
 * label (precision) and the share of its gold cluster that shares its predicted cluster (recall), averaged over items.
 * Both maps must hold the same items.
 */
export function bcubed(predicted: ReadonlyMap<string, string>, gold: ReadonlyMap<string, string>): BCubed {
  if (predicted.size !== gold.size) throw new Error(`bcubed: ${predicted.size} predicted items but ${gold.size} gold items`);
  const byPredicted = groupBy(predicted);
  const byGold = groupBy(gold);
  let precision = 0;
  let recall = 0;
  for (const [item, cluster] of predicted) {
    const label = gold.get(item);
    if (label === undefined) throw new Error(`bcubed: item ${item} has no gold label`);
    const mates = byPredicted.get(cluster)!;
    const goldMates = byGold.get(label)!;
    let both = 0;
    for (const mate of mates) if (gold.get(mate) === label) both++;
    precision += both / mates.length;
    recall += both / goldMates.length;
  }
  const n = predicted.size || 1;
  precision /= n;
  recall /= n;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function groupBy(map: ReadonlyMap<string, string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [item, cluster] of map) {
    const group = groups.get(cluster);
    if (group) group.push(item);
    else groups.set(cluster, [item]);
  }
  return groups;
}
