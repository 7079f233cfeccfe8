#!/usr/bin/env node
// The course's one binary. It runs the TypeScript CLI through tsx on the Node 24 that
// `npm install` puts in node_modules/.bin (npm scripts put it first on PATH).
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `kafka-course needs Node 22+; this is Node ${process.versions.node}.\n` +
      "Run it through npm so the course's own Node 24 is used: `npm install`, then `npm start` (or `npm run course -- <command>`).",
  );
  process.exit(1);
}
const { register } = await import("tsx/esm/api");
register();
await import("../cli/main.ts");
