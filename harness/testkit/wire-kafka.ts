import { connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Kafka } from "kafkajs";
import { kafkaConfig } from "../broker/probe.js";
import { CheckKafka } from "./check-client.js";
import { framer } from "./fault-proxy.js";
import { courseContext } from "./kafka.js";
import { PATIENT_RETRY } from "./transient.js";

/** Kafka API keys the checks look for on the wire. */
export const API = {
  produce: 0,
  fetch: 1,
  offsetCommit: 8,
  joinGroup: 11,
  heartbeat: 12,
  syncGroup: 14,
  txnOffsetCommit: 28,
} as const;

/** One request a client sent, as read from the bytes it wrote. */
export interface WireRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  /** OffsetCommit, TxnOffsetCommit: the group whose offsets it commits. */
  readonly groupId?: string;
  readonly at: number;
}

export interface WireKafka {
  readonly kafka: Kafka;
  /** The client id every client made from `kafka` reports (group members show it). */
  readonly clientId: string;
  /** Every request any client made from `kafka` sent, in order. */
  readonly requests: readonly WireRequest[];
  count(apiKey: number, since?: number): number;
}

/**
 * A kafkajs client on the course broker that reads every request its producers, consumers and
 * admins write to their sockets. It sees what a client did on the wire (a plain OffsetCommit
 * beside a transaction, fetches from an instance that should have stopped) without a proxy port,
 * so checks using it can run side by side.
 */
export function wireKafka(clientId: string): WireKafka {
  const { connection } = courseContext();
  const requests: WireRequest[] = [];
  const kafka = new CheckKafka({
    ...kafkaConfig(connection, clientId),
    retry: PATIENT_RETRY,
    socketFactory: ({ host, port, ssl, onConnect }) => {
      const socket = ssl ? tlsConnect({ host, port, ...ssl }, onConnect) : netConnect({ host, port }, onConnect);
      const feed = framer((frame) => {
        const r = parseRequest(frame);
        if (r) requests.push(r);
      });
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      socket.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (Buffer.isBuffer(chunk)) feed(chunk);
        else if (typeof chunk === "string") feed(Buffer.from(chunk, "binary"));
        return write(chunk, ...rest);
      }) as typeof socket.write;
      return socket;
    },
  });
  return {
    kafka,
    clientId,
    requests,
    count: (apiKey, since = 0) => requests.filter((r) => r.apiKey === apiKey && r.at >= since).length,
  };
}

/** Header (key, version, correlation id, client id) and, for offset commits, the group id. */
export function parseRequest(frame: Buffer): WireRequest | undefined {
  if (frame.length < 14) return undefined;
  const apiKey = frame.readInt16BE(4);
  const apiVersion = frame.readInt16BE(6);
  const base = { apiKey, apiVersion, at: Date.now() };
  if (apiKey !== API.offsetCommit && apiKey !== API.txnOffsetCommit) return base;
  try {
    let at = 12;
    const clientIdLength = frame.readInt16BE(at);
    at += 2 + Math.max(0, clientIdLength);
    const flexible = apiKey === API.offsetCommit ? apiVersion >= 8 : apiVersion >= 3;
    const readString = (): string => {
      let n: number;
      if (flexible) {
        n = frame.readUInt8(at++) - 1; // compact strings this short fit one varint byte
      } else {
        n = frame.readInt16BE(at);
        at += 2;
      }
      const s = frame.toString("utf8", at, at + Math.max(0, n));
      at += Math.max(0, n);
      return s;
    };
    if (flexible) at += 1; // the header's empty tagged fields
    if (apiKey === API.txnOffsetCommit) readString(); // the transactional id comes first
    return { ...base, groupId: readString() };
  } catch {
    return base;
  }
}
