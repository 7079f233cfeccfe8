/**
 * Kafka's default partition for a keyed record, computed here independently of kafkajs: the
 * Java client's murmur2 (org.apache.kafka.common.utils.Utils.murmur2, seed 0x9747b28c) of the
 * key's bytes, made positive, modulo the partition count. The Java client and kafkajs's
 * DefaultPartitioner agree on it; librdkafka does only with partitioner=murmur2_random.
 */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = (0x9747b28c ^ length) | 0;
  const at = (i: number): number => data[i] ?? 0;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = at(i) | (at(i + 1) << 8) | (at(i + 2) << 16) | (at(i + 3) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  switch (length % 4) {
    case 3:
      h ^= at(whole + 2) << 16;
    // falls through
    case 2:
      h ^= at(whole + 1) << 8;
    // falls through
    case 1:
      h ^= at(whole);
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

export function defaultPartition(key: string, numPartitions: number): number {
  return (murmur2(new TextEncoder().encode(key)) & 0x7fffffff) % numPartitions;
}
