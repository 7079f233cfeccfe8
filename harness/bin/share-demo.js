#!/usr/bin/env node
// `npm run share-demo` (lesson 14): runs the TypeScript demo through tsx on the course's Node 24.
const { register } = await import("tsx/esm/api");
register();
await import("../share/main.ts");
