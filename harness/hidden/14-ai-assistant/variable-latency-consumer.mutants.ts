import type { Mutant } from "../../runner/mutants.js";

const FILE = "notification-pipeline.ts";

export const mutants: readonly Mutant[] = [
  {
    name: "no hand-off",
    mistake: "calling the provider from the intake consumer instead of handing requests off",
    file: FILE,
    edits: [
      [
        `      await producer.send({
        topic: options.handoffTopic,`,
        `      await limiter.take(request.channel);
      await options.deliver(request);
      await producer.send({
        topic: options.handoffTopic,`,
      ],
    ],
    expectMessage: /Hand requests off to a topic/,
  },
  {
    name: "no rate limiter",
    mistake: "calling the provider as fast as messages arrive",
    file: FILE,
    edits: [["        await limiter.take(request.channel);\n", ""]],
    expectMessage: /rate limit exceeded/,
  },
  {
    name: "resolve before delivering",
    mistake: "marking a message processed before the call succeeded",
    file: FILE,
    edits: [
      ["        await options.deliver(request);\n", ""],
      [
        "        resolveOffset(message.offset);\n",
        "        resolveOffset(message.offset);\n        await options.deliver(request).catch(() => {});\n",
      ],
    ],
    expectMessage: /never delivered/,
  },
];
