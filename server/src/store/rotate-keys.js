// Key rotation: re-seals every stored secret with the keyring's current (first) key, one batch per
// transaction, so that afterwards the older keys can be removed from the configuration. Safe to run
// while the service runs, and to run again after an interruption: it only touches what is left.
export async function rotateStoreKeys(store, { batchSize = 100, onBatch } = {}) {
  const totals = { connections: 0, flows: 0 };
  const steps = [
    ['connections', (limit) => store.reencryptConnections({ limit })],
    ['flows', (limit) => store.reencryptFlows({ limit })],
  ];
  for (const [table, reencrypt] of steps) {
    for (let count = await reencrypt(batchSize); count > 0; count = await reencrypt(batchSize)) {
      totals[table] += count;
      onBatch?.({ table, count });
    }
  }
  return totals;
}
