// Vitest setup file for hidden checks and the project's own tests.
import { silenceKafkajsNegativeTimeoutWarning } from "../broker/kafkajs-warning.js";

silenceKafkajsNegativeTimeoutWarning();
