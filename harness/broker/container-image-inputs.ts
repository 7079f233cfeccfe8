// Run by scripts/docker/build-image.sh: prints what it needs from the course's own code, so the image is tagged with the
// reference the provider pins and holds the jars the JVM provider resolves: one source of truth.
import { join } from "node:path";
import { KAFKA_IMAGE } from "./container-provider.js";
import { cacheRoot, resolveKafkaJars } from "./jvm-tools.js";

const jars = await resolveKafkaJars((m) => process.stderr.write(`image-inputs: ${m}\n`));
const libs = join(cacheRoot(), `kafka-${jars.version}`, "libs");
process.stdout.write(`IMAGE=${KAFKA_IMAGE}\nKAFKA_VERSION=${jars.version}\nLIBS=${libs}\n`);
