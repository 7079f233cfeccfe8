import { createServer, connect, type Server, type Socket } from "node:net";

/** What the proxy learnt from one Produce request (API key 0) it forwarded. */
export interface SeenProduce {
  readonly apiVersion: number;
  readonly correlationId: number;
  /** -1 = all, 1 = leader, 0 = none; undefined when the version is not parsed (below v3). */
  readonly acks: number | undefined;
  readonly topics: readonly string[];
  /** True when the proxy dropped the broker's response to this request. */
  dropped: boolean;
}

/** Decides, per Produce request, whether the broker's response is thrown away. */
export type DropRule = (request: SeenProduce) => boolean;

export interface FaultProxy {
  /** Every Produce request seen so far, in arrival order. */
  readonly produces: readonly SeenProduce[];
  /** Drop the response to the next Produce request matching `rule` (once). */
  dropNextResponse(rule: DropRule): void;
  /** Drop the responses to every Produce request matching `rule` until `clear()`. */
  dropAllResponses(rule: DropRule): void;
  clear(): void;
  close(): Promise<void>;
}

const PRODUCE = 0;

/**
 * A TCP proxy for the broker's PROXIED listener: it listens on the port the broker advertises
 * (`advertisedPort`) and forwards to the real listener (`port`). It reads Kafka request frames
 * (int32 size, then apiKey, apiVersion, correlationId) and can drop the broker's response to a
 * Produce request after the broker wrote the records: the client sees a lost acknowledgement.
 */
export async function startFaultProxy(target: {
  readonly host: string;
  readonly port: number;
  readonly advertisedPort: number;
}): Promise<FaultProxy> {
  const produces: SeenProduce[] = [];
  let once: DropRule | undefined;
  let always: DropRule | undefined;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const broker = connect(target.port, target.host);
    sockets.add(client).add(broker);
    // correlation id → drop its response; ids are unique per connection, so per pair here.
    const toDrop = new Set<number>();
    const close = (): void => {
      client.destroy();
      broker.destroy();
      sockets.delete(client);
      sockets.delete(broker);
    };
    client.on("error", close).on("close", close);
    broker.on("error", close).on("close", close);

    client.on(
      "data",
      framer((frame) => {
        const seen = parseProduce(frame);
        if (seen) {
          produces.push(seen);
          if (once?.(seen)) {
            once = undefined;
            seen.dropped = true;
          } else if (always?.(seen)) seen.dropped = true;
          if (seen.dropped) toDrop.add(seen.correlationId);
        }
        broker.write(frame);
      }),
    );
    broker.on(
      "data",
      framer((frame) => {
        const correlationId = frame.length >= 8 ? frame.readInt32BE(4) : -1;
        if (toDrop.delete(correlationId)) return;
        client.write(frame);
      }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === "EADDRINUSE"
            ? `the fault proxy's port ${target.advertisedPort} is in use: another check of lesson 4 is running against this broker`
            : `the fault proxy could not listen on ${target.host}:${target.advertisedPort}: ${e.message}`,
        ),
      ),
    );
    server.listen(target.advertisedPort, target.host, () => resolve());
  });

  return {
    produces,
    dropNextResponse: (rule) => void (once = rule),
    dropAllResponses: (rule) => void (always = rule),
    clear: () => {
      once = undefined;
      always = undefined;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Splits a byte stream into whole size-prefixed Kafka frames (size field included). */
export function framer(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const end = 4 + pending.readInt32BE(0);
      if (pending.length < end) break;
      onFrame(pending.subarray(0, end));
      pending = pending.subarray(end);
    }
  };
}

/** Reads a Produce request's version, correlation id, acks and topics; undefined for other APIs. */
export function parseProduce(frame: Buffer): SeenProduce | undefined {
  if (frame.length < 12 || frame.readInt16BE(4) !== PRODUCE) return undefined;
  const apiVersion = frame.readInt16BE(6);
  const correlationId = frame.readInt32BE(8);
  const seen: SeenProduce = { apiVersion, correlationId, acks: undefined, topics: [], dropped: false };
  if (apiVersion < 3) return seen;
  try {
    const r = new Reader(frame, 12);
    const flexible = apiVersion >= 9;
    r.skipString(false); // client id: a classic nullable string in request headers v1 and v2
    if (flexible) r.skipTaggedFields();
    r.skipString(flexible); // transactional id
    const acks = r.int16();
    r.int32(); // timeout
    const count = flexible ? r.uvarint() - 1 : r.int32();
    const topics: string[] = [];
    if (count > 0) topics.push(r.string(flexible));
    return { ...seen, acks, topics };
  } catch {
    return seen;
  }
}

class Reader {
  constructor(
    private readonly buf: Buffer,
    private at: number,
  ) {}
  int16(): number {
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  uvarint(): number {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.buf.readUInt8(this.at++);
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  }
  private length(compact: boolean): number {
    return compact ? this.uvarint() - 1 : this.int16();
  }
  string(compact: boolean): string {
    const n = this.length(compact);
    if (n < 0) return "";
    const s = this.buf.toString("utf8", this.at, this.at + n);
    this.at += n;
    return s;
  }
  skipString(compact: boolean): void {
    const n = this.length(compact);
    if (n > 0) this.at += n;
  }
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.at += this.uvarint();
    }
  }
}
