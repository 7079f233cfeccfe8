// Loaded with `--import` into the course's own helper processes (the check worker, the type
// checker's thread), which run on Node's built-in TypeScript type stripping instead of tsx: tsx's
// loader hooks made each check worker spend ~1.3 s more CPU just importing vitest (measured: 1.25–1.9 s
// user time with tsx, 0.3–0.45 s without), and the gate runs hundreds of checks on two cores.
// The one thing stripping lacks is the project's import style: `./x.js` names the file `./x.ts`.
// Code these processes load must therefore use erasable syntax only (no enums, no parameter
// properties); Node refuses anything else with ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX.
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (e) {
      const relativeJs = /^\.\.?\//.test(specifier) && specifier.endsWith(".js");
      if (!relativeJs || (e as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw e;
      return nextResolve(`${specifier.slice(0, -".js".length)}.ts`, context);
    }
  },
});
