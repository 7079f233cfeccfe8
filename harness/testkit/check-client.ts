import { Kafka, type Consumer, type ConsumerConfig } from "kafkajs";

/**
 * How long a consumer made from a check's client lets the broker hold an empty fetch, unless its
 * config says otherwise. kafkajs's default (5 s) is right for an app, but `disconnect()` waits out
 * the fetch in flight, so every consumer a check stops (the learner's included) would cost up to
 * 5 s of nothing; the records, offsets and group behaviour under test are the same either way.
 */
export const CHECK_FETCH_WAIT_MS = 100;

/** The kafkajs client every check makes, and hands to the learner's code. */
export class CheckKafka extends Kafka {
  override consumer(config: ConsumerConfig): Consumer {
    return super.consumer({ maxWaitTimeInMs: CHECK_FETCH_WAIT_MS, ...config });
  }
}
