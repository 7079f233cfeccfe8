#!/usr/bin/env node
// The course runs on the Node 24 that `npm install` puts in node_modules/.bin (the `node` package);
// npm scripts put it first on PATH. Running harness files with an older system Node fails here, clearly.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(
    `This course needs Node 22+ (it brings Node 24 as a dependency); this is Node ${process.versions.node}.\n` +
      "Run it through npm so node_modules/.bin comes first on PATH: `npm install`, then `npm start` or `npm test`.",
  );
  process.exit(1);
}
