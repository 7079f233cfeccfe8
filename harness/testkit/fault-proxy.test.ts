import { expect, test } from "vitest";
import { parseProduce } from "./fault-proxy.js";

const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const str = (s: string | null) => (s === null ? int16(-1) : Buffer.concat([int16(s.length), Buffer.from(s)]));
const compact = (s: string | null) =>
  s === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([s.length + 1]), Buffer.from(s)]);
const frame = (...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([int32(body.length), body]);
};

test("reads acks and the topic of a classic Produce request (v7, what kafkajs sends)", () => {
  const f = frame(
    int16(0),
    int16(7),
    int32(42),
    str("course"),
    str(null),
    int16(-1),
    int32(30_000),
    int32(1),
    str("tasks"),
  );
  expect(parseProduce(f)).toEqual({ apiVersion: 7, correlationId: 42, acks: -1, topics: ["tasks"], dropped: false });
});

test("reads acks and the topic of a flexible Produce request (v9+)", () => {
  const f = frame(
    int16(0),
    int16(9),
    int32(7),
    str("java"),
    Buffer.from([0]), // no tagged fields in the header
    compact("tx-1"),
    int16(1),
    int32(30_000),
    Buffer.from([2]), // one topic
    compact("tasks"),
  );
  expect(parseProduce(f)).toMatchObject({ apiVersion: 9, correlationId: 7, acks: 1, topics: ["tasks"] });
});

test("ignores other APIs and leaves acks unknown for a truncated request", () => {
  expect(parseProduce(frame(int16(3), int16(6), int32(1), str("c")))).toBeUndefined();
  expect(parseProduce(frame(int16(0), int16(7), int32(5), str("c")))).toMatchObject({
    correlationId: 5,
    acks: undefined,
  });
});
