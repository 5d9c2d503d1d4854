/** Reciprocal-rank fusion: each list adds 1/(k + rank) (rank from 1) for the ids it contains. */
export function reciprocalRankFusion(lists: ReadonlyArray<ReadonlyArray<{ id: string }>>, k = 60): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((item, i) => scores.set(item.id, (scores.get(item.id) ?? 0) + 1 / (k + i + 1)));
  }
  return scores;
}
