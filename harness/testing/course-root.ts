import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root, from this file's place in harness/testing/. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
