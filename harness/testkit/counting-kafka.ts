import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import {
  type Kafka,
  type Admin,
  type AdminConfig,
  type Consumer,
  type ConsumerConfig,
  type Producer,
  type ProducerConfig,
  type RetryOptions,
} from "kafkajs";
import { kafkaConfig } from "../broker/probe.js";
import type { KafkaConnection } from "../broker/types.js";
import { CheckKafka } from "./check-client.js";
import { courseContext } from "./kafka.js";

/** What the learner's app did with the client the check handed it. */
export interface ClientCounts {
  /** Consumers that are fetching now (FETCH_START seen since their last join, crash or stop). */
  consumersFetching: number;
  producers: number;
  producerConnects: number;
  producerDisconnects: number;
  consumers: number;
  consumerConnects: number;
  consumerDisconnects: number;
  adminConnects: number;
  adminDisconnects: number;
  /** Group joins after a consumer's first one: each is a rebalance that member went through. */
  rejoins: number;
  /** Per group id, how often its consumers (re)joined. */
  joinsByGroup: Record<string, number>;
}

export interface CountingKafka {
  readonly kafka: Kafka;
  readonly counts: ClientCounts;
  /** TCP connections to the broker that are still open. */
  openSockets(): number;
  /** While on, every connection to the broker is cut and new ones are refused: a broker outage. */
  outage(on: boolean): void;
}

/**
 * A kafkajs client on the course broker that counts the producers, consumers and admins made
 * from it (through their CONNECT/DISCONNECT/GROUP_JOIN instrumentation events) and owns every socket they
 * open, so a check can see leaked connections and simulate an outage.
 */
export function countingKafka(
  clientId: string,
  /** Another cluster than the course broker (lesson 13's three nodes). */
  connection: KafkaConnection = courseContext().connection,
  /** The client's retries of retriable errors, for a check whose subject is not retrying (e.g. PATIENT_RETRY). */
  retry?: RetryOptions,
): CountingKafka {
  const counts: ClientCounts = {
    consumersFetching: 0,
    producers: 0,
    producerConnects: 0,
    producerDisconnects: 0,
    consumers: 0,
    consumerConnects: 0,
    consumerDisconnects: 0,
    adminConnects: 0,
    adminDisconnects: 0,
    rejoins: 0,
    joinsByGroup: {},
  };
  const open = new Set<Socket>();
  let down = false;

  class Counting extends CheckKafka {
    override producer(config?: ProducerConfig): Producer {
      const p = super.producer(config);
      counts.producers++;
      p.on(p.events.CONNECT, () => counts.producerConnects++);
      p.on(p.events.DISCONNECT, () => counts.producerDisconnects++);
      return p;
    }
    override consumer(config: ConsumerConfig): Consumer {
      const c = super.consumer(config);
      counts.consumers++;
      // A consumer emits CONNECT on connect() and again when its group session starts, and a
      // crash disconnects and reconnects it: count the instance's state, not the events.
      let connected = false;
      let fetching = false;
      const setFetching = (on: boolean): void => {
        if (fetching !== on) counts.consumersFetching += on ? 1 : -1;
        fetching = on;
      };
      c.on(c.events.CONNECT, () => {
        if (!connected) counts.consumerConnects++;
        connected = true;
      });
      c.on(c.events.DISCONNECT, () => {
        if (connected) counts.consumerDisconnects++;
        connected = false;
        setFetching(false);
      });
      c.on(c.events.CRASH, () => setFetching(false));
      c.on(c.events.FETCH_START, () => setFetching(true));
      let joined = false;
      c.on(c.events.GROUP_JOIN, () => {
        if (joined) counts.rejoins++;
        joined = true;
        counts.joinsByGroup[config.groupId] = (counts.joinsByGroup[config.groupId] ?? 0) + 1;
      });
      return c;
    }
    override admin(config?: AdminConfig): Admin {
      const a = super.admin(config);
      a.on(a.events.CONNECT, () => counts.adminConnects++);
      a.on(a.events.DISCONNECT, () => counts.adminDisconnects++);
      return a;
    }
  }

  const kafka = new Counting({
    ...kafkaConfig(connection, clientId),
    ...(retry && { retry }),
    socketFactory: ({ host, port, ssl, onConnect }) => {
      // During an outage: a port nothing listens on, so the client sees a refused connection.
      const target = down ? { host: "127.0.0.1", port: 1 } : { host, port };
      const socket = ssl ? tlsConnect({ ...target, ...ssl }, onConnect) : netConnect(target, onConnect);
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      return socket;
    },
  });

  return {
    kafka,
    counts,
    openSockets: () => open.size,
    outage: (on) => {
      down = on;
      // With an error, as a reset connection: the client then fails its pending requests at once.
      if (on) for (const s of open) s.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    },
  };
}
