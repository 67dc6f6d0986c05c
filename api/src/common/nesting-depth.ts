/**
 * Whether a parsed JSON value nests objects or arrays more than `maxDepth` levels deep. Walks
 * with an explicit stack, so that the check itself cannot overflow the call stack on the very
 * inputs it exists to refuse.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
