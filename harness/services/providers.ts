import { clusterProvider } from "../broker/cluster.js";
import { connectProvider } from "../connect/provider.js";
import { postgresProvider } from "../postgres/provider.js";
import { registryProvider } from "../registry/provider.js";
import type { ServiceProviders } from "./types.js";

/** Every real part besides the broker, each found its one way (environment variable → local start → error). */
export function serviceProviders(env: Readonly<Record<string, string | undefined>> = process.env): ServiceProviders {
  return {
    registry: registryProvider(env),
    postgres: postgresProvider(env),
    cluster: clusterProvider(),
    connect: connectProvider(env),
  };
}
