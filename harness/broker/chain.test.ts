import { describe, expect, test } from "vitest";
import { diagnose, startBroker, defaultProviders } from "./chain.js";
import { envProvider, parseKafkaEnv } from "./env-provider.js";
import { BrokerStartError, NoBrokerError, type BrokerProvider, type ProviderId, type RunningBroker } from "./types.js";

describe("parseKafkaEnv", () => {
  test("unset or blank means: not configured", () => {
    expect(parseKafkaEnv({})).toBeUndefined();
    expect(parseKafkaEnv({ KAFKA_BOOTSTRAP_SERVERS: "  " })).toBeUndefined();
  });

  test("reads a comma-separated list, trimming spaces", () => {
    expect(parseKafkaEnv({ KAFKA_BOOTSTRAP_SERVERS: "a:9092, b.example.com:9093 ,[::1]:9094" })).toEqual({
      brokers: ["a:9092", "b.example.com:9093", "[::1]:9094"],
    });
  });

  test("rejects an entry that is not host:port, naming it", () => {
    expect(() => parseKafkaEnv({ KAFKA_BOOTSTRAP_SERVERS: "localhost" })).toThrow(/"localhost".*host:port/);
    expect(() => parseKafkaEnv({ KAFKA_BOOTSTRAP_SERVERS: "kafka:99999" })).toThrow(/"kafka:99999"/);
    expect(() => parseKafkaEnv({ KAFKA_BOOTSTRAP_SERVERS: "http://kafka:9092" })).toThrow(/host:port/);
  });

  test("reads SSL and SASL settings", () => {
    expect(
      parseKafkaEnv({
        KAFKA_BOOTSTRAP_SERVERS: "k:9096",
        KAFKA_SSL: "true",
        KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
        KAFKA_SASL_USERNAME: "u",
        KAFKA_SASL_PASSWORD: "p",
      }),
    ).toEqual({ brokers: ["k:9096"], ssl: true, sasl: { mechanism: "scram-sha-512", username: "u", password: "p" } });
  });

  test("SASL needs a known mechanism and both credentials", () => {
    expect(() => parseKafkaEnv({ KAFKA_BOOTSTRAP_SERVERS: "k:1", KAFKA_SASL_MECHANISM: "gssapi" })).toThrow(
      /not one of plain, scram-sha-256, scram-sha-512/,
    );
    expect(() =>
      parseKafkaEnv({ KAFKA_BOOTSTRAP_SERVERS: "k:1", KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" }),
    ).toThrow(/KAFKA_SASL_PASSWORD/);
  });
});

function fake(id: ProviderId, behaviour: "unusable" | "fails" | "works", log: string[]): BrokerProvider {
  return {
    id,
    async detect() {
      log.push(`detect ${id}`);
      return behaviour === "unusable" ? { usable: false, reason: `${id} is not here` } : { usable: true, detail: id };
    },
    async start() {
      log.push(`start ${id}`);
      if (behaviour === "fails") throw new BrokerStartError(id, `${id} would not start`);
      const broker: RunningBroker = {
        provider: id,
        description: id,
        connection: { brokers: ["127.0.0.1:1"] },
        startMs: 1,
        stop: async () => {},
      };
      return broker;
    },
  };
}

describe("startBroker", () => {
  test("tries providers in order and uses the first usable one", async () => {
    const log: string[] = [];
    const b = await startBroker(
      [fake("env", "unusable", log), fake("testcontainers", "works", log), fake("jvm", "works", log)],
      () => {},
    );
    expect(b.provider).toBe("testcontainers");
    expect(log).toEqual(["detect env", "detect testcontainers", "start testcontainers"]);
  });

  test("a provider that fails to start falls through to the next", async () => {
    const log: string[] = [];
    const b = await startBroker([fake("testcontainers", "fails", log), fake("jvm", "works", log)], () => {});
    expect(b.provider).toBe("jvm");
  });

  test("an explicitly configured cluster that does not answer is reported, not replaced", async () => {
    const log: string[] = [];
    await expect(startBroker([fake("env", "fails", log), fake("jvm", "works", log)], () => {})).rejects.toThrow(
      /env would not start/,
    );
    expect(log).not.toContain("start jvm");
  });

  test("with nothing available the error names all three ways and what was tried", async () => {
    const log: string[] = [];
    const attempt = startBroker(
      [fake("env", "unusable", log), fake("testcontainers", "unusable", log), fake("jvm", "fails", log)],
      () => {},
    );
    await expect(attempt).rejects.toBeInstanceOf(NoBrokerError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).toMatch(/KAFKA_BOOTSTRAP_SERVERS/);
    expect(message).toMatch(/Docker \(or Podman\)/);
    expect(message).toMatch(/Java 17\+ and Maven/);
    expect(message).toMatch(/env: env is not here/);
    expect(message).toMatch(/jvm: failed to start: jvm would not start/);
  });
});

describe("the real chain", () => {
  test("KAFKA_COURSE_PROVIDER pins one provider", () => {
    expect(defaultProviders({ KAFKA_COURSE_PROVIDER: "jvm" }).map((p) => p.id)).toEqual(["jvm"]);
    expect(defaultProviders({}).map((p) => p.id)).toEqual(["env", "testcontainers", "jvm"]);
  });

  test("diagnose explains why earlier providers are skipped, without starting anything", async () => {
    const d = await diagnose([envProvider({}), ...defaultProviders({ KAFKA_COURSE_PROVIDER: "jvm" })]);
    expect(d.skipped[0]).toEqual({ provider: "env", reason: "KAFKA_BOOTSTRAP_SERVERS is not set" });
    expect(d.chosen?.provider.id).toBe("jvm");
  });

  test("an env cluster that does not answer gives a message naming the address", async () => {
    const p = envProvider({ KAFKA_BOOTSTRAP_SERVERS: "127.0.0.1:1" }, { answerTimeoutMs: 15_000 });
    const t0 = Date.now();
    await expect(p.start(() => {})).rejects.toThrow(/127\.0\.0\.1:1 does not answer/);
    // Nothing listening is said at once (it took 16 s when every refusal was retried until the timeout).
    expect(Date.now() - t0).toBeLessThan(2_000);
  }, 30_000);
});
